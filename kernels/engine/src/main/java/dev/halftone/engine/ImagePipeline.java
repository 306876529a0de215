package dev.halftone.engine;

import dev.halftone.engine.decode.Latent;
import dev.halftone.engine.decode.LatentDecoder;
import dev.halftone.engine.decode.PixelSpaceDecoder;
import dev.halftone.engine.decode.RgbImage;
import dev.halftone.engine.kernel.KernelSet;
import dev.halftone.engine.load.Branch;
import dev.halftone.engine.load.BranchLoader;
import dev.halftone.engine.load.LinearPlacement;
import dev.halftone.engine.load.ModelDirectory;
import dev.halftone.engine.load.TextEncoderLoader;
import dev.halftone.engine.model.DiT;
import dev.halftone.engine.model.DiTConfig;
import dev.halftone.engine.profile.ActivationObserver;
import dev.halftone.engine.profile.BranchActivationProfile;
import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.sampler.FlowMatchSampler;
import dev.halftone.engine.sampler.SigmaSchedule;
import dev.halftone.engine.sampler.StepListener;
import dev.halftone.engine.text.TextEncoder;
import dev.halftone.engine.text.TextHiddenStates;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Text to image: text encoder, the two DiT branches of one variant, the flow-matching CFG sampler and
 * the decoder. Loading checks every tensor against the config, so a mismatched checkpoint fails here, before
 * sampling. Linears run on the CPU unless a {@link LinearPlacement} puts them elsewhere. One instance renders one
 * image at a time.
 */
public final class ImagePipeline implements AutoCloseable {

    private final DiTConfig config;
    private final String variant;
    private final WorkerPool pool;
    private final TextEncoder textEncoder;
    private final LatentDecoder decoder;
    private final DiT cond;
    private final DiT uncond;
    private final FlowMatchSampler sampler;

    public ImagePipeline(DiTConfig config, String variant, WorkerPool pool, TextEncoder textEncoder,
                         LatentDecoder decoder, DiT cond, DiT uncond) {
        this.config = config;
        this.variant = variant;
        this.pool = pool;
        this.textEncoder = textEncoder;
        this.decoder = decoder;
        this.cond = cond;
        this.uncond = uncond;
        this.sampler = new FlowMatchSampler(cond, uncond);
    }

    /** Loads a variant of the model in dir with the built-in text encoder and pixel-space decoder. */
    public static ImagePipeline open(ModelDirectory dir, String variant, EngineOptions options) throws IOException {
        return open(dir, variant, options, LinearPlacement.CPU);
    }

    /**
     * As {@link #open(ModelDirectory, String, EngineOptions)}, each linear where {@code placement} puts it; the
     * caller closes what the placement created after closing the pipeline.
     */
    public static ImagePipeline open(ModelDirectory dir, String variant, EngineOptions options,
                                     LinearPlacement placement) throws IOException {
        DiTConfig config = dir.config();
        return open(dir, variant, options, TextEncoderLoader.load(dir.textEncoderFile(), config),
                new PixelSpaceDecoder(), placement);
    }

    /**
     * Loads a variant's two branches with the given text encoder and decoder (for example the ONNX ones of
     * kernels/onnx for real checkpoints); the pipeline owns and closes them.
     */
    public static ImagePipeline open(ModelDirectory dir, String variant, EngineOptions options, TextEncoder encoder,
                                     LatentDecoder decoder) throws IOException {
        return open(dir, variant, options, encoder, decoder, LinearPlacement.CPU);
    }

    /** As the five-argument open, each linear where {@code placement} puts it. */
    public static ImagePipeline open(ModelDirectory dir, String variant, EngineOptions options, TextEncoder encoder,
                                     LatentDecoder decoder, LinearPlacement placement) throws IOException {
        DiTConfig config = dir.config();
        if (encoder.hiddenSize() != config.textHiddenSize()) {
            throw new IllegalArgumentException("text encoder width " + encoder.hiddenSize()
                    + " does not match config text_hidden_size " + config.textHiddenSize());
        }
        WorkerPool pool = new WorkerPool(options.threads());
        try {
            KernelSet kernels = KernelSet.of(options.kernels());
            BranchLoader loader = new BranchLoader(kernels, pool, placement);
            DiT cond = new DiT(config, loader.load(dir.branchFile(variant, Branch.COND), config), kernels.f32(), pool);
            DiT uncond = new DiT(config, loader.load(dir.branchFile(variant, Branch.UNCOND), config), kernels.f32(),
                    pool);
            return new ImagePipeline(config, variant, pool, encoder, decoder, cond, uncond);
        } catch (IOException | RuntimeException e) {
            pool.close();
            encoder.close();
            decoder.close();
            throw e;
        }
    }

    /** The engine's workers, which a {@link BranchActivationProfile} shares to compute its statistics. */
    public WorkerPool pool() {
        return pool;
    }

    public DiTConfig config() {
        return config;
    }

    public String variant() {
        return variant;
    }

    public DiT branch(Branch branch) {
        return branch == Branch.COND ? cond : uncond;
    }

    public TextEncoder textEncoder() {
        return textEncoder;
    }

    /** The final sample x at σ' = 0, (C, H, W), observers seeing each branch's linear inputs. */
    public Latent sample(GenerationRequest request, StepListener listener, ActivationObserver condObserver,
                         ActivationObserver uncondObserver) {
        TextHiddenStates prompt = textEncoder.encode(request.prompt());
        TextHiddenStates empty = textEncoder.encode("");
        float[] x = sampler.noise(request.seed());
        sampler.sample(x, prompt, empty, SigmaSchedule.of(request.steps(), config), request.guidance(), listener,
                condObserver, uncondObserver);
        return new Latent(config.channels(), config.imageHeight(), config.imageWidth(), x);
    }

    /** Renders one image. */
    public RgbImage generate(GenerationRequest request, StepListener listener) {
        return decoder.decode(sample(request, listener, ActivationObserver.NONE, ActivationObserver.NONE));
    }

    /**
     * Profiles the inputs of every linear of both branches while sampling each prompt (prompt i with seed + i):
     * per layer per step moments and per-channel maxima (see {@link BranchActivationProfile}).
     */
    public Map<Branch, BranchActivationProfile> profile(List<String> prompts, long seed, int steps, float guidance) {
        Map<Branch, BranchActivationProfile> profiles = new EnumMap<>(Branch.class);
        for (Branch branch : Branch.values()) {
            List<LinearBackend> linears = branch(branch).linears();
            profiles.put(branch, new BranchActivationProfile(linears.stream().map(LinearBackend::name).toList(),
                    linears.stream().mapToInt(LinearBackend::inFeatures).toArray(), steps, pool));
        }
        BranchActivationProfile condProfile = profiles.get(Branch.COND);
        BranchActivationProfile uncondProfile = profiles.get(Branch.UNCOND);
        StepListener bothSteps = (step, total) -> {
            condProfile.stepDone(step, total);
            uncondProfile.stepDone(step, total);
        };
        for (int i = 0; i < prompts.size(); i++) {
            condProfile.beginSample();
            uncondProfile.beginSample();
            sample(new GenerationRequest(prompts.get(i), seed + i, steps, guidance), bothSteps, condProfile,
                    uncondProfile);
        }
        return profiles;
    }

    @Override
    public void close() {
        textEncoder.close();
        decoder.close();
        pool.close();
    }
}
