package dev.halftone.formats.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@link QuantizeThroughputBenchmark} in rounds (default 2; each round one fork per combination, 6×1 s warm-up,
 * 6×1 s measured, ggml's functions and Halftone's alternating by combination) and prints, per codec, the best
 * one-second iteration over all rounds and the median iteration, with Halftone's best as a ratio to ggml's best from
 * the same run. Best-of is used because other processes on a shared machine only ever slow an iteration down; the
 * 1-minute load average is printed after every round. {@code -Dhalftone.bench.rounds=N} sets the rounds,
 * {@code -Dhalftone.bench.quick=true} shortens the iterations for a smoke run.
 */
public final class QuantizeThroughputReport {
    private QuantizeThroughputReport() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        boolean quick = Boolean.getBoolean("halftone.bench.quick");
        int rounds = Integer.getInteger("halftone.bench.rounds", 2);
        Options options = new OptionsBuilder()
                .include(QuantizeThroughputBenchmark.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 6)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 6)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                        "-Dhalftone.ggml.dir=" + System.getProperty("halftone.ggml.dir"))
                .build();
        Map<String, List<Double>> iterations = new TreeMap<>();
        List<String> loads = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (RunResult result : new Runner(options).run()) {
                String op = result.getParams().getBenchmark().replaceAll(".*\\.", "");
                String key = result.getParams().getParam("format") + " " + op + " "
                        + result.getParams().getParam("implementation");
                List<Double> values = iterations.computeIfAbsent(key, k -> new ArrayList<>());
                result.getBenchmarkResults().forEach(b -> b.getIterationResults()
                        .forEach(i -> values.add(i.getPrimaryResult().getScore() / 1e6)));
            }
            loads.add(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        }
        System.out.printf("%nrounds %d, load average after each round: %s%n", rounds, String.join(", ", loads));
        System.out.println("| Mvalues/s (best; median) | ggml ref (C, FFM) | Halftone vector | Halftone scalar | vector/ggml | scalar/ggml |");
        System.out.println("|---|---|---|---|---|---|");
        for (String format : List.of("Q8_0", "Q4_K")) {
            for (String op : List.of("quantize", "dequantize")) {
                String row = format + " " + op;
                double[] ggml = sorted(iterations, row + " ggml");
                double[] vector = sorted(iterations, row + " vector");
                double[] scalar = sorted(iterations, row + " reference");
                System.out.printf("| %s | %.1f; %.1f | %.1f; %.1f | %.1f; %.1f | %.2f | %.2f |%n", row,
                        best(ggml), median(ggml), best(vector), median(vector), best(scalar), median(scalar),
                        best(vector) / best(ggml), best(scalar) / best(ggml));
            }
        }
    }

    /** The one-second iteration scores of a combination, ascending; a combination JMH did not run is an error. */
    private static double[] sorted(Map<String, List<Double>> iterations, String key) {
        List<Double> values = iterations.get(key);
        if (values == null || values.isEmpty()) {
            throw new IllegalStateException("JMH reported no iterations for " + key);
        }
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static double best(double[] sorted) {
        return sorted[sorted.length - 1];
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }
}
