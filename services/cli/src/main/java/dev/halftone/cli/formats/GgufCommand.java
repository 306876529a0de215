package dev.halftone.cli.formats;

import dev.halftone.formats.gguf.GgufFile;
import dev.halftone.formats.gguf.GgufTensorInfo;
import dev.halftone.formats.gguf.GgufValue;
import dev.halftone.formats.gguf.SafetensorsToGguf;
import dev.halftone.formats.gguf.TensorTypePolicy;
import dev.halftone.formats.quant.WeightFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code halftone gguf encode|inspect}: write GGUF files from safetensors checkpoints and look inside them. */
@Command(name = "gguf", mixinStandardHelpOptions = true, description = "Encode and inspect GGUF files.")
public final class GgufCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = {"Encode a safetensors checkpoint (F32/F16/BF16 or the FP8 reference) to GGUF.",
                    "Streams: a few MiB per thread in memory, never a whole tensor. Blocks are byte-identical to ggml's",
                    "reference quantizers; 1-D, small, embedder and final-layer tensors stay in float."})
    int encode(@Parameters(index = "0", paramLabel = "IN.safetensors") Path input,
               @Option(names = "--type", required = true, paramLabel = "q8_0|q4_k|q4_k_m",
                       description = "q8_0, q4_k, or q4_k_m (FFN down-projections and V to Q6_K, QKV and attention output to Q5_K)")
               String type,
               @Option(names = "--out", required = true, paramLabel = "OUT.gguf") Path output,
               @Option(names = "--arch", defaultValue = "halftone", description = "general.architecture ([a-z0-9]+)") String arch,
               @Option(names = "--threads", description = "quantizing threads (default: available processors)") Integer threads)
            throws IOException {
        TensorTypePolicy policy = TensorTypePolicy.named(type);
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err);
        long start = System.nanoTime();
        List<SafetensorsToGguf.EncodedTensor> written = SafetensorsToGguf.encode(input, output,
                new SafetensorsToGguf.Options(policy, arch, workers),
                (index, count, tensor, bytes, total) -> bar.update(total == 0 ? 1 : (double) bytes / total,
                        (index + 1) + "/" + count + " " + tensor, index + 1 == count && bytes == total));
        bar.finish();
        PrintWriter out = spec.commandLine().getOut();
        Map<WeightFormat, Integer> counts = new EnumMap<>(WeightFormat.class);
        long bytes = 0;
        long weights = 0;
        for (SafetensorsToGguf.EncodedTensor t : written) {
            counts.merge(t.format(), 1, Integer::sum);
            bytes += t.bytes();
            weights += t.shape().stream().reduce(1L, Math::multiplyExact);
        }
        out.printf(Locale.ROOT, "%s: %d tensors %s, %s of tensor data, %.3f bits per weight, %.1f s%n", output,
                written.size(), counts, human(bytes), 8.0 * bytes / Math.max(1, weights),
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "List a GGUF file's metadata and tensors: type, ggml shape, bytes and bits per weight.")
    int inspect(@Parameters(index = "0", paramLabel = "FILE.gguf") Path file) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (GgufFile gguf = GgufFile.open(file)) {
            out.printf(Locale.ROOT, "%s: GGUF v%d, %d tensors, alignment %d, data at %d, %s%n", file,
                    gguf.header().version(), gguf.tensors().size(), gguf.header().alignment(),
                    gguf.header().dataOffset(), human(gguf.fileSize()));
            for (Map.Entry<String, GgufValue> kv : gguf.metadata().entrySet()) {
                out.printf("  %-40s %s%n", kv.getKey(), show(kv.getValue()));
            }
            out.printf("%n  %-48s %-5s %-22s %12s %8s%n", "tensor", "type", "ne (ggml order)", "bytes", "bpw");
            long bytes = 0;
            long weights = 0;
            Map<WeightFormat, long[]> byType = new EnumMap<>(WeightFormat.class);
            for (GgufTensorInfo t : gguf.tensors()) {
                double bpw = t.elementCount() == 0 ? 0 : 8.0 * t.byteSize() / t.elementCount();
                out.printf(Locale.ROOT, "  %-48s %-5s %-22s %12d %8.4f%n", t.name(), t.type(), t.dimensions(),
                        t.byteSize(), bpw);
                bytes += t.byteSize();
                weights += t.elementCount();
                long[] sums = byType.computeIfAbsent(t.type(), k -> new long[3]);
                sums[0]++;
                sums[1] += t.byteSize();
                sums[2] += t.elementCount();
            }
            out.println();
            byType.forEach((type, s) -> out.printf(Locale.ROOT, "  %-5s %5d tensors %14d weights %12s%n", type, s[0],
                    s[2], human(s[1])));
            out.printf(Locale.ROOT, "  total %d weights in %s: %.4f bits per weight%n", weights, human(bytes),
                    8.0 * bytes / Math.max(1, weights));
        }
        return 0;
    }

    private static String show(GgufValue value) {
        return switch (value) {
            case GgufValue.Text(String s) -> "\"" + s + "\"";
            case GgufValue.UInt64(long bits) -> Long.toUnsignedString(bits);
            case GgufValue.Array(var type, var elements) -> "[" + type + " × " + elements.size() + "]";
            default -> value.toString().replaceAll("^\\w+\\[value=(.*)]$", "$1");
        };
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }
}
