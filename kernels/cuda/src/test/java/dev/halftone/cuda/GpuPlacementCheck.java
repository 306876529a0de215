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
import java.util.List;
import java.util.Random;

/**
 * The engine's loader with {@link CudaLinearPlacement} on a GPU machine (scripts/gpu-test.sh --java-home): the
 * seeded halftone-tiny model (D 256, SwiGLU 768, so every linear but input_proj, k = 48, fits a kernel) as its FP8
 * reference, a GGUF Q4_K variant and an INT8 W8A8 variant; each branch loaded once with the CPU placement and once
 * with the CUDA one, one DiT forward (all 560 text + image rows) each way, the velocities compared within
 * {@link #TOLERANCE}, and the count of GPU layers checked. Ends with 'N passed, N failed' and exit status 1 on any
 * failure.
 */
public final class GpuPlacementCheck {
    /**
     * Relative Frobenius error bound of the GPU forward against the CPU one. The GPU rounds each linear's input and
     * output to bf16 (relative rounding error uniform within ±2^-9: RMS 2^-9/√3 ≈ 1.1e-3 each; the Q4_K wgmma kernel
     * also rounds its weights to bf16, a third such term), so each linear's output carries about √3·1.1e-3 ≈ 1.9e-3
     * of independent error. About 28 of the 43 linears feed the velocity through the residual stream (t-embedding,
     * adaln, 6 blocks x qkv/o/w1/w3/w2, final layer); independent errors add in quadrature: √28·1.9e-3 ≈ 1.0e-2.
     * W8A8's codes flip by one only where bf16 rounding crosses a rounding boundary, below that level. Three times
     * the estimate leaves room for softmax and the norms amplifying what they receive; a wrong layout or kernel
     * gives errors of order 1.
     */
    static final double TOLERANCE = 3e-2;

    private final CheckTally tally = new CheckTally();

    public static void main(String[] args) throws Exception {
        GpuPlacementCheck check = new GpuPlacementCheck();
        check.tally.runAndExit(check::run);
    }

    private void record(String name, boolean ok, String detail) {
        tally.record(name, ok, detail);
    }

    private void run(CudaDevice device) throws IOException {
        Path root = Files.createTempDirectory("halftone-gpu-placement");
        DiTConfig config = DiTConfig.HALFTONE_TINY;
        TinyModelWriter.write(root, config, 7L);
        ModelDirectory dir = new ModelDirectory(root);
        VariantWriter.writeGguf(dir, WeightFormat.Q4_K);
        VariantWriter.writeInt8(dir, List.of("a red boat"), 2, 0);
        int perBranch = 6 * config.numLayers() + 7;
        // input_proj (k = patch dim 48) is the one linear no kernel takes
        int expectedOnGpu = 2 * (perBranch - 1);
        for (String variant : List.of(ModelDirectory.REFERENCE, VariantWriter.variantName(WeightFormat.Q4_K), "int8")) {
            compare(dir, variant, config, device, expectedOnGpu);
        }
    }

    private void compare(ModelDirectory dir, String variant, DiTConfig config, CudaDevice device, int expectedOnGpu)
            throws IOException {
        float[] x = noiseImage(config);
        EngineOptions options = EngineOptions.defaults();
        try (WorkerPool pool = new WorkerPool(options.threads());
             var encoder = TextEncoderLoader.load(dir.textEncoderFile(), config);
             CudaLinearPlacement gpu = new CudaLinearPlacement(device)) {
            KernelSet kernels = KernelSet.of(options.kernels());
            // the longest prompt the encoder keeps, so the forward runs the engine's maxRows
            TextHiddenStates text = encoder.encode("x".repeat(config.textMaxTokens()));
            for (Branch branch : Branch.values()) {
                Path file = dir.branchFile(variant, branch);
                float[] cpu = forward(new BranchLoader(kernels, pool, LinearPlacement.CPU), file, config, kernels, pool,
                        x, text);
                float[] cuda = forward(new BranchLoader(kernels, pool, gpu), file, config, kernels, pool, x, text);
                double error = relativeError(cpu, cuda);
                record(variant + " " + branch.fileStem() + " forward GPU vs CPU", error <= TOLERANCE,
                        String.format("relative Frobenius error %.3e (bound %.1e)", error, TOLERANCE));
            }
            record(variant + " layers on the GPU", gpu.onGpu() == expectedOnGpu,
                    gpu.summary() + "; expected " + expectedOnGpu + " on the GPU");
        }
    }

    /** The latent a forward starts from: seeded Gaussian noise of the config's image shape. */
    static float[] noiseImage(DiTConfig config) {
        Random random = new Random(11);
        float[] x = new float[config.channels() * config.imageHeight() * config.imageWidth()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static float[] forward(BranchLoader loader, Path file, DiTConfig config, KernelSet kernels,
                                   WorkerPool pool, float[] x, TextHiddenStates text) throws IOException {
        DiT dit = new DiT(config, loader.load(file, config), kernels.f32(), pool);
        float[] velocity = new float[x.length];
        dit.forward(x, 0.7f, text, velocity, ActivationObserver.NONE);
        return velocity;
    }

    private static double relativeError(float[] expected, float[] actual) {
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) actual[i] - expected[i];
            difference += d * d;
            norm += (double) expected[i] * expected[i];
        }
        return Math.sqrt(difference / norm);
    }
}
