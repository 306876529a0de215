package dev.halftone.cli.swarm;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code halftone watch <job>}: re-attaches to a job and follows it until its report is published. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow a job: a progress bar per stage, dead letters with their reason, then where the report is.")
public final class WatchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "The job id `halftone submit` printed.")
    String jobId;

    @Option(names = "--timeout", description = "Give up after this long (ISO-8601 or e.g. 30m; default: ${DEFAULT-VALUE}).",
            converter = DurationConverter.class, defaultValue = "PT2H")
    Duration timeout;

    @Mixin
    SwarmEndpoints endpoints;

    @Override
    public Integer call() {
        return follow(endpoints.resolve().bootstrapServers(), jobId, timeout);
    }

    /** Follows the job, printing as it goes; 0 when the report is out, 1 on a dead letter or timeout. */
    static int follow(String bootstrapServers, String jobId, Duration timeout) {
        var view = new ProgressView(System.out, System.console() != null);
        try (var feed = new JobFeed(bootstrapServers, jobId)) {
            boolean done = feed.follow(view, timeout);
            if (done && view.report() != null) {
                System.out.println("report: " + view.report().report().uri());
                return view.deadLetters() == 0 ? 0 : 1;
            }
            System.out.println("job " + jobId + " has no report after " + timeout
                    + (view.deadLetters() > 0 ? "; see the dead letters above" : ""));
            return 1;
        }
    }
}
