package dev.halftone.generator;

import dev.halftone.schemas.GenerateTask;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.VariantReady;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one ready variant of a study into its generate tasks, one per (prompt set, prompt, seed), in a fixed
 * order. Task ids are functions of the coordinates, so planning the same variant twice yields the same tasks.
 */
public final class GeneratePlanner {
    private final long maxImagesPerJob;

    public GeneratePlanner(long maxImagesPerJob) {
        if (maxImagesPerJob < 1) {
            throw new IllegalArgumentException("halftone.generator.max-images-per-job must be >= 1, got " + maxImagesPerJob);
        }
        this.maxImagesPerJob = maxImagesPerJob;
    }

    /**
     * The number of images the whole study asks for; rejects a study above the configured budget before a single
     * task exists, so an abusive submission costs nothing.
     */
    public long imageCount(JobSubmitted study, Map<String, List<String>> prompts) {
        long perVariant = 0;
        for (var set : study.promptSets()) {
            perVariant = Math.addExact(perVariant, Math.multiplyExact((long) prompts.get(set.name()).size(), study.seeds().size()));
        }
        long images = Math.multiplyExact(perVariant, study.variants().size());
        if (images > maxImagesPerJob) {
            throw new IllegalArgumentException("study " + study.jobId() + " asks for " + images
                    + " images, more than halftone.generator.max-images-per-job = " + maxImagesPerJob);
        }
        return images;
    }

    /**
     * @param prompts each prompt set's prompts by set name (inline ones, or the resolved reference)
     */
    public List<GenerateTask> plan(JobSubmitted study, VariantReady ready, Map<String, List<String>> prompts) {
        if (!study.jobId().equals(ready.jobId())) {
            throw new IllegalArgumentException("variant " + ready.variant() + " belongs to job " + ready.jobId()
                    + ", not " + study.jobId());
        }
        boolean known = study.variants().stream().anyMatch(v -> v.name().equals(ready.variant()));
        if (!known) {
            throw new IllegalArgumentException("job " + study.jobId() + " has no variant named " + ready.variant());
        }
        imageCount(study, prompts);
        List<GenerateTask> tasks = new ArrayList<>();
        for (var set : study.promptSets()) {
            List<String> setPrompts = prompts.get(set.name());
            for (int index = 0; index < setPrompts.size(); index++) {
                for (long seed : study.seeds()) {
                    tasks.add(new GenerateTask(study.jobId(), GenerateTask.taskIdOf(ready.variant(), set.name(), index, seed),
                            ready.variant(), ready.format(), ready.location(), set.name(), index,
                            setPrompts.get(index), seed, study.steps(), study.guidance(), study.resolution()));
                }
            }
        }
        return tasks;
    }
}
