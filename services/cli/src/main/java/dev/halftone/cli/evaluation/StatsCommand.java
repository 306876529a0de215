package dev.halftone.cli.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.halftone.evaluation.stats.PairedBootstrap;
import dev.halftone.evaluation.stats.PairedComparison;
import dev.halftone.evaluation.stats.ScoreColumn;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code halftone stats paired <a.csv> <b.csv>}: mean paired delta (b - a) and its percentile bootstrap CI. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Statistics over per-prompt scores.")
public final class StatsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "paired", mixinStandardHelpOptions = true,
            description = {"Mean paired delta (b - a) over prompts and its percentile bootstrap CI.",
                    "Each file holds one per-prompt score per line, both in the same prompt order."})
    int paired(@Parameters(index = "0", paramLabel = "A.csv", description = "baseline scores") Path a,
               @Parameters(index = "1", paramLabel = "B.csv", description = "candidate scores") Path b,
               @Option(names = "--resamples", defaultValue = "10000", description = "bootstrap resamples B") int resamples,
               @Option(names = "--confidence", defaultValue = "0.95", description = "confidence level") double confidence,
               @Option(names = "--seed", defaultValue = "1000", description = "resampling seed") long seed,
               @Option(names = "--json", description = "print one JSON object instead of text") boolean json) {
        double[] baseline = ScoreColumn.read(a);
        double[] candidate = ScoreColumn.read(b);
        if (baseline.length != candidate.length) {
            throw new IllegalArgumentException(a + " has " + baseline.length + " scores, " + b + " has "
                    + candidate.length + "; paired files need one score per prompt, in the same order");
        }
        PairedComparison c = new PairedBootstrap(resamples, confidence, seed).compare(baseline, candidate);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("baseline", a.toString());
            node.put("candidate", b.toString());
            node.put("n", c.n());
            node.put("meanDelta", c.meanDelta());
            node.put("medianDelta", c.medianDelta());
            node.put("ciLow", c.ciLow());
            node.put("ciHigh", c.ciHigh());
            node.put("confidence", c.confidence());
            node.put("resamples", c.resamples());
            node.put("seed", c.seed());
            node.put("excludesZero", c.excludesZero());
            out.println(node);
        } else {
            out.printf(Locale.ROOT, "n             %d prompts%n", c.n());
            out.printf(Locale.ROOT, "mean delta    %+.6f  (%s minus %s)%n", c.meanDelta(), b.getFileName(), a.getFileName());
            out.printf(Locale.ROOT, "median delta  %+.6f%n", c.medianDelta());
            out.printf(Locale.ROOT, "%.0f%% CI        [%+.6f, %+.6f]  percentile bootstrap, B = %d, seed %d%n",
                    100 * c.confidence(), c.ciLow(), c.ciHigh(), c.resamples(), c.seed());
            out.println("excludes 0    " + (c.excludesZero() ? "yes" : "no"));
        }
        out.flush();
        return 0;
    }
}
