package dev.halftone.cli.swarm;

import dev.halftone.platform.Buckets;
import dev.halftone.platform.MinioObjectStore;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.schemas.JobSubmitted;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code halftone submit <study.yaml>} or {@code --preset paper|ablation|ladder}: publishes the study, prints the
 * job id and follows the job as {@code halftone watch} does.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a study to the swarm, print its job id and follow it.")
public final class SubmitCommand implements Callable<Integer> {
    static final class Source {
        @Parameters(index = "0", paramLabel = "STUDY.yaml", description = "A study: the job-submitted event's fields in YAML.")
        Path file;

        @Option(names = "--preset", description = "paper, ablation or ladder.")
        String preset;
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--model", defaultValue = "halftone-tiny", description = "Model of a preset study (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--prompts", defaultValue = "4", description = "Prompts of a preset study (default: ${DEFAULT-VALUE}).")
    int prompts;

    @Option(names = "--seeds", defaultValue = "1000", split = ",", description = "Seeds of a preset study (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--steps", defaultValue = "16", description = "Sampler steps of a preset study (default: ${DEFAULT-VALUE}, fast-16).")
    int steps;

    @Option(names = "--guidance", defaultValue = "4.0", description = "CFG scale of a preset study (default: ${DEFAULT-VALUE}).")
    double guidance;

    @Option(names = "--job-id", description = "Job id (default: a fresh one).")
    String jobId;

    @Option(names = "--no-follow", description = "Print the job id and return.")
    boolean noFollow;

    @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "PT2H",
            description = "Stop following after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    SwarmEndpoints endpoints;

    @Override
    public Integer call() throws Exception {
        var resolved = endpoints.resolve();
        String id = jobId != null ? jobId : StudyBuilder.newJobId();
        JobSubmitted study;
        try (var store = new MinioObjectStore(resolved.s3Settings())) {
            var builder = new StudyBuilder(store, new ObjectKeys(Buckets.DEFAULT));
            study = source.file != null
                    ? builder.fromFile(source.file, id)
                    : builder.fromPreset(StudyPreset.of(source.preset), model, prompts, seeds, steps, guidance, id);
        }
        new JobSubmitter(resolved.bootstrapServers()).submit(study);
        System.out.println(study.jobId());
        return noFollow ? 0 : WatchCommand.follow(resolved.bootstrapServers(), study.jobId(), timeout);
    }
}
