package dev.halftone.formats.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs {@link QuantizeThroughputBenchmark} (one fork, 3×2 s warm-up, 5×2 s measured) and prints each
 * Halftone codec's throughput as a ratio to ggml's reference function measured in the same run.
 * {@code -Dhalftone.bench.quick=true} shortens the iterations for a smoke run.
 */
public final class QuantizeThroughputReport {
    private QuantizeThroughputReport() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean quick = Boolean.getBoolean("halftone.bench.quick");
        Options options = new OptionsBuilder()
                .include(QuantizeThroughputBenchmark.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                        "-Dhalftone.ggml.dir=" + System.getProperty("halftone.ggml.dir"))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, double[]> byKey = new LinkedHashMap<>();
        for (RunResult result : results) {
            String op = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            String key = result.getParams().getParam("format") + " " + op;
            double[] row = byKey.computeIfAbsent(key, k -> new double[6]);
            int column = switch (result.getParams().getParam("implementation")) {
                case "ggml" -> 0;
                case "vector" -> 2;
                default -> 4;
            };
            row[column] = result.getPrimaryResult().getScore() / 1e6;
            row[column + 1] = result.getPrimaryResult().getScoreError() / 1e6;
        }
        System.out.printf("%n%-16s %20s %20s %20s %9s %9s%n", "Mvalues/s", "ggml ref (C, FFM)", "Halftone vector",
                "Halftone scalar", "vec/ggml", "ref/ggml");
        byKey.forEach((key, r) -> System.out.printf("%-16s %12.1f ± %5.1f %12.1f ± %5.1f %12.1f ± %5.1f %8.2fx %8.2fx%n",
                key, r[0], r[1], r[2], r[3], r[4], r[5], r[2] / r[0], r[4] / r[0]));
    }
}
