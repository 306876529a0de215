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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * GFLOP/s of the fp32 kernel and integer GOP/s of the int8 kernel at DiT-like shapes, each as a ratio to NumPy's
 * OpenBLAS sgemm on the same shape measured in the same run (best of N for both, all cores).
 * Run: {@code java --add-modules jdk.incubator.vector -cp <classes> dev.halftone.engine.bench.MatmulBenchmark [repeats]}.
 */
public final class MatmulBenchmark {

    /** (m, k, n): halftone-tiny's qkv/w1 and w2 shapes, then the paper model's hidden width. */
    private static final int[][] SHAPES = {{532, 256, 768}, {532, 768, 256}, {1024, 2048, 2048}, {4096, 3072, 3072}};

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int threads = Runtime.getRuntime().availableProcessors();
        Map<String, Double> numpy = numpyGflops(repeats);
        System.out.printf("threads %d, best of %d%n", threads, repeats);
        System.out.println("| m | k | n | NumPy sgemm GFLOP/s | Java fp32 GFLOP/s | ratio | Java int8 GOP/s | ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (int[] shape : SHAPES) {
                int m = shape[0], k = shape[1], n = shape[2];
                double f32 = f32Gflops(m, k, n, repeats, pool);
                double i8 = int8Gops(m, k, n, repeats, pool);
                double anchor = numpy.get(m + " " + k + " " + n);
                System.out.printf("| %d | %d | %d | %.1f | %.1f | %.2f | %.1f | %.2f |%n",
                        m, k, n, anchor, f32, f32 / anchor, i8, i8 / anchor);
            }
        }
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

    private static Map<String, Double> numpyGflops(int repeats) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "kernels/engine/src/test/python/numpy_matmul.py",
                Integer.toString(repeats)));
        for (int[] shape : SHAPES) {
            command.add(shape[0] + "," + shape[1] + "," + shape[2]);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, Double> result = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] parts = line.trim().split(" ");
                if (parts.length != 4) {
                    throw new IOException("unexpected NumPy benchmark output: " + line);
                }
                result.put(parts[0] + " " + parts[1] + " " + parts[2], Double.parseDouble(parts[3]));
            }
        }
        if (process.waitFor() != 0 || result.size() != SHAPES.length) {
            throw new IOException("NumPy benchmark failed (exit " + process.exitValue() + ")");
        }
        return result;
    }
}
