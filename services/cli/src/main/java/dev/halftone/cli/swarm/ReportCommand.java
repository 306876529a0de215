package dev.halftone.cli.swarm;

import dev.halftone.platform.Buckets;
import dev.halftone.platform.MinioObjectStore;
import dev.halftone.platform.MissingObjectException;
import dev.halftone.platform.ObjectInfo;
import dev.halftone.platform.ObjectKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code halftone report <job>}: prints the job's Markdown report, or downloads every report file with {@code --output}. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Fetch a job's report from the object store.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
    String jobId;

    @Option(names = "--output", description = "Download every report file (Markdown, HTML, SVG, JSON) into this directory.")
    Path output;

    @Mixin
    SwarmEndpoints endpoints;

    @Override
    public Integer call() throws Exception {
        var keys = new ObjectKeys(Buckets.DEFAULT);
        try (var store = new MinioObjectStore(endpoints.resolve().s3Settings())) {
            if (output == null) {
                try {
                    System.out.print(new String(store.get(keys.report(jobId, "report.md")), StandardCharsets.UTF_8));
                    return 0;
                } catch (MissingObjectException e) {
                    System.err.println("job " + jobId + " has no report yet; `halftone watch " + jobId + "` shows why");
                    return 1;
                }
            }
            var prefix = keys.report(jobId, "report.md");
            String directory = prefix.key().substring(0, prefix.key().lastIndexOf('/') + 1);
            Files.createDirectories(output);
            for (ObjectInfo file : store.list(prefix.bucket(), directory)) {
                Path target = output.resolve(file.location().key().substring(directory.length())).normalize();
                if (!target.startsWith(output.normalize())) {
                    throw new IllegalStateException("report object " + file.location().uri() + " escapes " + output);
                }
                Files.createDirectories(target.getParent());
                store.download(file.location(), target);
                System.out.println(target);
            }
            return 0;
        }
    }
}
