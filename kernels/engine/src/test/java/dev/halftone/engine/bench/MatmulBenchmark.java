package dev.halftone.engine.bench;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.simd.PackedF32Matrix;
import dev.halftone.engine.simd.PackedInt8Matrix;
import dev.halftone.engine.simd.VectorF32Matmul;
import dev.halftone.engine.simd.VectorInt8Matmul;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * GFLOP/s of the fp32 kernel and integer GOP/s of the int8 kernel at DiT-like shapes, each as a ratio to NumPy's
 * OpenBLAS sgemm on the same shape. Anchor and kernels are interleaved: per shape, {@code rounds} rounds of
 * NumPy (a fresh process, best of {@code repeats}), then fp32, then int8 (best of {@code repeats} each), and each
 * figure is the best over the rounds, so a burst of load from other processes on the machine hits all three alike.
 * The 1-minute load average is printed per shape.
 * Run: {@code java --add-modules jdk.incubator.vector -cp <classes> dev.halftone.engine.bench.MatmulBenchmark
 * [repeats [rounds]]} from the repository root.
 */
public final class MatmulBenchmark {

    /** (m, k, n): halftone-tiny's qkv/w1 and w2 shapes, then the paper model's hidden width. */
    private static final int[][] SHAPES = {{532, 256, 768}, {532, 768, 256}, {1024, 2048, 2048}, {4096, 3072, 3072}};

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf("threads %d, best of %d x %d interleaved rounds%n", threads, repeats, rounds);
        System.out.println("| m | k | n | NumPy sgemm GFLOP/s | Java fp32 GFLOP/s | ratio | Java int8 GOP/s | ratio | load |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (int[] shape : SHAPES) {
                int m = shape[0], k = shape[1], n = shape[2];
                double anchor = 0, f32 = 0, i8 = 0;
                for (int round = 0; round < rounds; round++) {
                    anchor = Math.max(anchor, numpyGflops(m, k, n, repeats));
                    f32 = Math.max(f32, f32Gflops(m, k, n, repeats, pool));
                    i8 = Math.max(i8, int8Gops(m, k, n, repeats, pool));
                }
                System.out.printf("| %d | %d | %d | %.1f | %.1f | %.2f | %.1f | %.2f | %s |%n",
                        m, k, n, anchor, f32, f32 / anchor, i8, i8 / anchor, loadAverage());
            }
        }
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static double f32Gflops(int m, int k, int n, int repeats, WorkerPool pool) {
        SplittableRandom random = new SplittableRandom(1);
        float[] a = new float[m * k];
        float[] w = new float[n * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextDouble(-1, 1);
        }
        PackedF32Matrix packed = PackedF32Matrix.ofRows(w, n, k);
        float[] c = new float[m * n];
        long best = Long.MAX_VALUE;
        for (int r = 0; r < repeats + 3; r++) {
            long start = System.nanoTime();
            VectorF32Matmul.INSTANCE.multiply(a, 0, k, m, packed, null, c, 0, n, pool);
            long took = System.nanoTime() - start;
            if (r >= 3) {
                best = Math.min(best, took);
            }
        }
        return 2.0 * m * k * n / best;
    }

    private static double int8Gops(int m, int k, int n, int repeats, WorkerPool pool) {
        SplittableRandom random = new SplittableRandom(2);
        byte[] a = new byte[m * k];
        byte[] w = new byte[n * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) random.nextInt(-127, 128);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) random.nextInt(-127, 128);
        }
        PackedInt8Matrix packed = PackedInt8Matrix.ofRows(w, n, k);
        int[] c = new int[m * n];
        long best = Long.MAX_VALUE;
        for (int r = 0; r < repeats + 3; r++) {
            long start = System.nanoTime();
            VectorInt8Matmul.INSTANCE.multiply(a, m, packed, c, pool);
            long took = System.nanoTime() - start;
            if (r >= 3) {
                best = Math.min(best, took);
            }
        }
        return 2.0 * m * k * n / best;
    }

    private static double numpyGflops(int m, int k, int n, int repeats) throws IOException, InterruptedException {
        List<String> command = List.of("python3", "kernels/engine/src/test/python/numpy_matmul.py",
                Integer.toString(repeats), m + "," + k + "," + n);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            output = reader.readLine();
        }
        String[] parts = output == null ? new String[0] : output.trim().split(" ");
        if (process.waitFor() != 0 || parts.length != 4) {
            throw new IOException("NumPy benchmark failed (exit " + process.exitValue() + "): " + output);
        }
        return Double.parseDouble(parts[3]);
    }
}
