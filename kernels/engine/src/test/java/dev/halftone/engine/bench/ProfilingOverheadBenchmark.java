package dev.halftone.engine.bench;

import dev.halftone.engine.EngineOptions;
import dev.halftone.engine.ImagePipeline;
import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.load.Branch;
import dev.halftone.engine.load.ModelDirectory;
import dev.halftone.engine.model.DiT;
import dev.halftone.engine.model.DiTConfig;
import dev.halftone.engine.profile.ActivationObserver;
import dev.halftone.engine.profile.BranchActivationProfile;
import dev.halftone.engine.text.TextHiddenStates;
import dev.halftone.engine.tiny.TinyModelWriter;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cost of activation profiling on halftone-tiny's conditional branch: best-of-N forward time with the no-op observer
 * and with a {@link BranchActivationProfile}, interleaved so both see the same machine load.
 * Run: {@code java --add-modules jdk.incubator.vector -cp ... dev.halftone.engine.bench.ProfilingOverheadBenchmark [rounds]}.
 */
public final class ProfilingOverheadBenchmark {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        Path dir = Files.createTempDirectory("halftone-tiny");
        TinyModelWriter.write(dir, DiTConfig.HALFTONE_TINY, 0L);
        try (ImagePipeline pipeline = ImagePipeline.open(new ModelDirectory(dir), ModelDirectory.REFERENCE,
                EngineOptions.defaults())) {
            DiT cond = pipeline.branch(Branch.COND);
            var linears = cond.linears();
            BranchActivationProfile profile = new BranchActivationProfile(
                    linears.stream().map(LinearBackend::name).toList(),
                    linears.stream().mapToInt(LinearBackend::inFeatures).toArray(), 1, pipeline.pool());
            TextHiddenStates text = pipeline.textEncoder().encode("a red fox in fresh snow, 35mm photo");
            DiTConfig config = pipeline.config();
            float[] x = new float[config.channels() * config.imageHeight() * config.imageWidth()];
            dev.halftone.engine.sampler.PhiloxNormal.fill(1L, x);
            float[] v = new float[x.length];
            for (int i = 0; i < 12; i++) {  // warm-up: the Vector API kernels reach C2 only after several forwards
                cond.forward(x, 0.5f, text, v, ActivationObserver.NONE);
                cond.forward(x, 0.5f, text, v, profile);
            }
            long off = Long.MAX_VALUE, on = Long.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                cond.forward(x, 0.5f, text, v, ActivationObserver.NONE);
                off = Math.min(off, System.nanoTime() - start);
                start = System.nanoTime();
                cond.forward(x, 0.5f, text, v, profile);
                on = Math.min(on, System.nanoTime() - start);
            }
            System.out.printf("forward, profiling off: %.1f ms; on: %.1f ms; overhead %.1f %% (best of %d, %d threads)%n",
                    off / 1e6, on / 1e6, 100.0 * (on - off) / off, rounds, Runtime.getRuntime().availableProcessors());
        }
    }
}
