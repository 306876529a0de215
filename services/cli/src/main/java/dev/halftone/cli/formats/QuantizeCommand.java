package dev.halftone.cli.formats;

import dev.halftone.formats.int8.Int8Quantization;
import dev.halftone.formats.int8.SmoothQuant;
import dev.halftone.formats.nf4.Nf4Quantization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code halftone quantize}: INT8 W8A8 (SmoothQuant, per-channel weights, bf16 protection) from a reference
 * checkpoint and an activation profile, or NF4 as bitsandbytes stores it.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Quantize a reference checkpoint (FP8 per docs/model.md, or BF16) to INT8 W8A8 or NF4.",
                "int8 needs --profile (F32 <linear>.input_channel_max tensors); protect layers with --protect a,b",
                "or --top-k N --ranking ranking.json."})
public final class QuantizeCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REFERENCE.safetensors")
    private Path reference;

    @Option(names = "--format", defaultValue = "int8", paramLabel = "int8|nf4", description = "int8 (default) or nf4")
    private String format;

    @Option(names = "--out", required = true, paramLabel = "OUT.safetensors")
    private Path output;

    @Option(names = "--profile", paramLabel = "PROFILE.safetensors", description = "activation profile (int8)")
    private Path profile;

    @Option(names = "--alpha", defaultValue = "0.5", description = "SmoothQuant alpha in [0, 1] (int8)")
    private float alpha = SmoothQuant.DEFAULT_ALPHA;

    @Option(names = "--no-smoothquant", description = "naive W8A8: quantize without SmoothQuant's smoothing (int8)")
    private boolean naive;

    @Option(names = "--protect", split = ",", paramLabel = "LAYER", description = "linears kept in bf16")
    private List<String> protect = List.of();

    @Option(names = "--top-k", paramLabel = "N", description = "protect the N most fragile layers of --ranking")
    private Integer topK;

    @Option(names = "--ranking", paramLabel = "RANKING.json", description = "fragility ranking, most fragile first")
    private Path ranking;

    @Option(names = "--double-quant", description = "nf4: double-quantize the absmax (8-bit, blocks of 256)")
    private boolean doubleQuant;

    @Option(names = "--calibration", split = ",", paramLabel = "KEY=VALUE",
            description = "provenance recorded in the int8 recipe, e.g. prompts=8,steps=48,seed=1000")
    private Map<String, String> calibration = new LinkedHashMap<>();

    @Override
    public void run() {
        try {
            Set<String> protectedLayers = ProtectedLayers.resolve(protect, topK, ranking);
            PrintWriter out = spec.commandLine().getOut();
            switch (format.toLowerCase(Locale.ROOT)) {
                case "int8" -> {
                    if (profile == null) {
                        throw new IllegalArgumentException("--format int8 needs --profile PROFILE.safetensors");
                    }
                    Map<String, String> provenance = new LinkedHashMap<>(calibration);
                    provenance.putIfAbsent("profile", profile.getFileName().toString());
                    if (ranking != null) {
                        provenance.putIfAbsent("ranking", ranking.getFileName().toString());
                    }
                    ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
                    Int8Quantization.Summary summary = Int8Quantization.run(new Int8Quantization.Request(reference,
                            profile, output, protectedLayers, !naive, alpha, provenance),
                            (index, count, tensor) -> bar.update((double) index / count, index + "/" + count + " " + tensor,
                                    index == count));
                    bar.finish();
                    out.printf(Locale.ROOT, "%s: %d linears int8 W8A8 (%s), %d kept in bf16%n", output,
                            summary.quantized().size(), naive ? "no SmoothQuant" : String.format(Locale.ROOT, "alpha %.2f", alpha),
                            summary.protectedLayers().size());
                }
                case "nf4" -> {
                    List<String> linears = Nf4Quantization.run(reference, output, protectedLayers, doubleQuant);
                    out.printf(Locale.ROOT, "%s: %d linears NF4 (block 64%s), %d kept in bf16%n", output,
                            linears.size(), doubleQuant ? ", double-quantized absmax" : "", protectedLayers.size());
                }
                default -> throw new IllegalArgumentException("--format must be int8 or nf4, got \"" + format + "\"");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }
}
