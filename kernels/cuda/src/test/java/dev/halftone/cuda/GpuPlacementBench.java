package dev.halftone.cuda;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.KernelSet;
import dev.halftone.engine.load.Branch;
import dev.halftone.engine.load.BranchLoader;
import dev.halftone.engine.load.LinearPlacement;
import dev.halftone.engine.load.ModelDirectory;
import dev.halftone.engine.load.TextEncoderLoader;
import dev.halftone.engine.model.DiT;
import dev.halftone.engine.model.DiTConfig;
import dev.halftone.engine.profile.ActivationObserver;
import dev.halftone.engine.text.TextHiddenStates;
import dev.halftone.engine.tiny.TinyModelWriter;
import dev.halftone.engine.tiny.VariantWriter;
import dev.halftone.formats.quant.WeightFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What the CUDA placement buys a whole DiT forward, against its anchor, the CPU placement (Vector API kernels on
 * every core), in the same run (scripts/gpu-test.sh runs it with the benchmarks). Two models: halftone-tiny
 * (D 256, 560 rows) and a wider seeded model of the same architecture (D 1536, SwiGLU 4096, 2 layers, 2096 rows;
 * the linears' share of the work grows with D while attention, the norms and the rest stay on the CPU). Each is
 * timed as its FP8 reference, a GGUF Q4_K variant and an INT8 W8A8 variant: the conditional branch's full-length
 * forward, 2 warm-up runs, then the median of 5. Prints milliseconds and CPU time / GPU time.
 */
public final class GpuPlacementBench {
    private static final int WARM_UP = 2;
    private static final int RUNS = 5;
    static final DiTConfig WIDE = new DiTConfig("halftone-wide-bench", 64, 128, 3, 2, 1536, 2, 12, 4096, 256, 48,
            256, 10000.0, 1e-6, 4.0, 0.5, 1.15);

    public static void main(String[] args) throws IOException {
        CudaAvailability availability = CudaLibraryLoader.load(Path.of(System.getProperty("halftone.cuda.library")));
        if (!(availability instanceof CudaAvailability.Available available)) {
            System.err.println("no GPU: " + availability);
            System.exit(1);
            return;
        }
        System.out.println("device " + available.device() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPU threads; ratio = CPU ms / GPU ms");
        for (DiTConfig config : List.of(DiTConfig.HALFTONE_TINY, WIDE)) {
            bench(config, available.device());
        }
    }

    private static void bench(DiTConfig config, CudaDevice device) throws IOException {
        Path root = Files.createTempDirectory("halftone-gpu-placement-bench");
        TinyModelWriter.write(root, config, 7L);
        ModelDirectory dir = new ModelDirectory(root);
        VariantWriter.writeGguf(dir, WeightFormat.Q4_K);
        VariantWriter.writeInt8(dir, List.of("a red boat"), 1, 0);
        float[] x = GpuPlacementCheck.noiseImage(config);
        EngineOptions options = EngineOptions.defaults();
        KernelSet kernels = KernelSet.of(options.kernels());
        for (String variant : List.of(ModelDirectory.REFERENCE, VariantWriter.variantName(WeightFormat.Q4_K), "int8")) {
            Path file = dir.branchFile(variant, Branch.COND);
            try (WorkerPool pool = new WorkerPool(options.threads());
                 var encoder = TextEncoderLoader.load(dir.textEncoderFile(), config);
                 CudaLinearPlacement gpu = new CudaLinearPlacement(device)) {
                TextHiddenStates text = encoder.encode("x".repeat(config.textMaxTokens()));
                DiT onCpu = new DiT(config, new BranchLoader(kernels, pool, LinearPlacement.CPU).load(file, config),
                        kernels.f32(), pool);
                DiT onGpu = new DiT(config, new BranchLoader(kernels, pool, gpu).load(file, config), kernels.f32(), pool);
                double cpuMs = medianMs(onCpu, x, text);
                double gpuMs = medianMs(onGpu, x, text);
                System.out.printf("%s %-10s rows %5d  CPU %9.1f ms  GPU %9.1f ms  ratio %5.2f  [%s]%n", config.name(),
                        variant, config.maxSequence(), cpuMs, gpuMs, cpuMs / gpuMs, gpu.summary());
            }
        }
    }

    private static double medianMs(DiT dit, float[] x, TextHiddenStates text) {
        float[] velocity = new float[x.length];
        double[] ms = new double[RUNS];
        for (int run = -WARM_UP; run < RUNS; run++) {
            long start = System.nanoTime();
            dit.forward(x, 0.7f, text, velocity, ActivationObserver.NONE);
            if (run >= 0) {
                ms[run] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }
}
