package dev.halftone.cli.swarm;

import dev.halftone.platform.Buckets;
import dev.halftone.platform.MinioObjectStore;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.stack.StackEndpoints;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The main job on a running local stack: stores halftone-tiny and its prompt set, starts the six services,
 * submits the {@code paper} study with small counts and follows it to its report. {@code halftone demo} calls it
 * after starting the stack.
 */
public final class SwarmDemo {
    /** Small default counts: the whole study in minutes on two cores (docs/benchmarks.md, "The swarm"). */
    public static final int DEFAULT_PROMPTS = 4;
    public static final int DEFAULT_STEPS = 16;
    public static final long DEFAULT_SEED = 1000;
    /** Calibration prompts for the demo's profile; the paper's 8 double the profiling time for no visible gain here. */
    static final int DEMO_CALIBRATION_PROMPTS = 4;
    /** Long enough for the study on a busy two-core machine (docs/benchmarks.md, "The swarm"). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

    private final Path stackDataDir;
    private final int prompts;
    private final int steps;
    private final Duration timeout;

    public SwarmDemo(Path stackDataDir, int prompts, int steps, Duration timeout) {
        this.stackDataDir = stackDataDir;
        this.prompts = prompts;
        this.steps = steps;
        this.timeout = timeout;
    }

    /** Runs the study and returns the exit code: 0 when the report is published without dead letters. */
    public int run(StackEndpoints stack, PrintStream out) {
        long start = System.nanoTime();
        var keys = new ObjectKeys(Buckets.DEFAULT);
        Path swarmDir = SwarmCommand.swarmDir(stackDataDir);
        out.println("2. Model: " + DemoModel.NAME + " (the shipped FP8 reference) and its prompt set into S3");
        try (var store = new MinioObjectStore(stack.s3Settings())) {
            Path model = DemoModel.write(swarmDir.resolve("model"));
            out.println("   " + new ModelUploader(store, keys).upload(DemoModel.NAME, model, DemoModel.prompts()).uri());

            out.println("3. Swarm: profiler, quantizer, gguf-encoder, generator, scorer, stats (logs in " + swarmDir.resolve("logs") + ")");
            out.flush();
            var swarm = SwarmCommand.launcher(stackDataDir, SwarmService.DEFAULT_BASE_PORT,
                    Map.of("HALFTONE_PROFILER_CALIBRATION_PROMPTS", Integer.toString(DEMO_CALIBRATION_PROMPTS))).up(stack, Map.of());
            out.println("   ready after " + seconds(start) + "; dashboard " + swarm.dashboard());

            var study = new StudyBuilder(store, keys).fromPreset(StudyPreset.PAPER, DemoModel.NAME, prompts,
                    List.of(DEFAULT_SEED), steps, 4.0, StudyBuilder.newJobId());
            out.println("4. Study: paper (" + study.variants().size() + " variants x " + prompts + " prompts x 1 seed, "
                    + steps + " steps), job " + study.jobId());
            out.flush();
            new JobSubmitter(stack.bootstrapServers()).submit(study);
            int code = WatchCommand.follow(stack.bootstrapServers(), study.jobId(), timeout);
            out.println("5. Done in " + seconds(start) + (code == 0 ? "" : " (with problems, see above)") + "; dashboard " + swarm.dashboard()
                    + "; print it with: ./halftone report " + study.jobId()
                    + " (add --output <dir> for its Markdown, HTML, SVG and JSON files)");
            return code;
        }
    }

    /** Stops the services this demo started; returns their names. */
    public List<String> down() {
        return SwarmCommand.launcher(stackDataDir, SwarmService.DEFAULT_BASE_PORT, Map.of()).down();
    }

    private static String seconds(long start) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
    }
}
