package dev.halftone.generator;

import dev.halftone.cuda.CudaLinearPlacement;
import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.GenerationRequest;
import dev.halftone.engine.ImagePipeline;
import dev.halftone.engine.load.LinearPlacement;
import dev.halftone.engine.load.ModelDirectory;
import dev.halftone.engine.sampler.StepListener;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.GenerateTask;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.service.ObjectDirectories;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link VariantLoader} over halftone-engine's {@link ImagePipeline}: fetches the study's model directory (config,
 * text encoder, reference branches) once, places the task's variant under its {@code variants/} folder
 * (docs/model.md §6) and opens the pipeline on it, its linears where {@link EngineBackend} says (the GPU's share
 * logged per variant). A variant location other than the model itself or the job's own
 * variant prefix is refused, so a task cannot make a worker load arbitrary objects.
 */
@ApplicationScoped
public class EngineVariantLoader implements VariantLoader {
    private static final Logger LOG = Logger.getLogger(EngineVariantLoader.class);

    private final StudyStore studies;
    private final ObjectKeys keys;
    private final ObjectDirectories directories;
    private final GeneratorConfig config;
    private final EngineBackend backend;

    public EngineVariantLoader(StudyStore studies, ObjectStore store, ObjectKeys keys, GeneratorConfig config,
                               EngineBackend backend) {
        this.studies = studies;
        this.keys = keys;
        this.directories = new ObjectDirectories(store, config.variantCache());
        this.config = config;
        this.backend = backend;
    }

    @Override
    public VariantRenderer load(GenerateTask task) {
        JobSubmitted study = studies.find(task.jobId(), config.studyPatience())
                .orElseThrow(() -> new IllegalArgumentException("unknown job " + task.jobId()));
        if (study.variants().stream().noneMatch(v -> v.name().equals(task.variant()) && v.recipe().format() == task.format())) {
            throw new IllegalArgumentException("job " + task.jobId() + " has no " + task.format().wireName()
                    + " variant named " + task.variant());
        }
        Path model = directories.fetchModel(study.model());
        String variant;
        if (task.variantLocation().equals(study.model().location())) {
            variant = ModelDirectory.REFERENCE;
        } else if (task.variantLocation().equals(keys.variantDirectory(task.jobId(), task.variant()))) {
            variant = task.jobId() + "." + task.variant();
            directories.fetchInto(task.variantLocation(), new ModelDirectory(model).variantFolder(variant), "variant " + task.variant());
        } else {
            throw new IllegalArgumentException("variant location " + task.variantLocation().uri()
                    + " is neither the model nor " + keys.variantDirectory(task.jobId(), task.variant()).uri());
        }
        Optional<CudaLinearPlacement> gpu = backend.placementForVariant();
        try {
            ImagePipeline pipeline = ImagePipeline.open(new ModelDirectory(model), variant, EngineOptions.defaults(),
                    gpu.<LinearPlacement>map(p -> p).orElse(LinearPlacement.CPU));
            gpu.ifPresent(p -> LOG.infof("variant %s of job %s: %s", task.variant(), task.jobId(), p.summary()));
            var size = pipeline.config();
            if (size.imageWidth() != task.resolution().width() || size.imageHeight() != task.resolution().height()) {
                pipeline.close();
                throw new IllegalArgumentException("model " + study.model().name() + " renders " + size.imageWidth() + "x"
                        + size.imageHeight() + ", the task asks for " + task.resolution().width() + "x" + task.resolution().height());
            }
            return new PipelineRenderer(pipeline, gpu);
        } catch (IOException e) {
            gpu.ifPresent(CudaLinearPlacement::close);
            // the files were fetched; failing to read them means the variant itself is unusable
            throw new IllegalArgumentException("variant " + task.variant() + " of job " + task.jobId() + " cannot be loaded: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            gpu.ifPresent(CudaLinearPlacement::close);
            throw e;
        }
    }

    /** A loaded pipeline as a {@link VariantRenderer}, with the GPU layers it owns when it has any. */
    private record PipelineRenderer(ImagePipeline pipeline, Optional<CudaLinearPlacement> gpu)
            implements VariantRenderer {
        @Override
        public RenderedImage render(String prompt, long seed, int steps, double guidance) {
            long start = System.nanoTime();
            var image = pipeline.generate(new GenerationRequest(prompt, seed, steps, (float) guidance), StepListener.NONE);
            return new RenderedImage(image.width(), image.height(), image.rgb(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }

        /** Unloading frees the variant's device memory too (an LRU eviction or shutdown). */
        @Override
        public void close() {
            pipeline.close();
            gpu.ifPresent(CudaLinearPlacement::close);
        }
    }
}
