package dev.halftone.formats.nf4;

import dev.halftone.formats.json.JsonValue;
import dev.halftone.formats.json.JsonValue.JsonArray;
import dev.halftone.formats.json.JsonValue.JsonNumber;
import dev.halftone.formats.json.JsonValue.JsonObject;
import dev.halftone.formats.json.JsonValue.JsonString;
import dev.halftone.formats.json.JsonWriter;
import dev.halftone.formats.safetensors.Bf16TensorCopy;
import dev.halftone.formats.safetensors.CheckpointFloats;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.SafetensorsFile;
import dev.halftone.formats.safetensors.SafetensorsWriter;
import dev.halftone.formats.safetensors.TensorInfo;
import dev.halftone.formats.safetensors.TensorSpec;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes an NF4 checkpoint with bitsandbytes' state-dict names (what {@code Linear4bit._save_to_state_dict} emits
 * and transformers/diffusers load): for each linear L, {@code L.weight} U8 (ceil(n/2), 1) packed codes,
 * {@code L.weight.absmax} (F32, or U8 when double-quantized), {@code L.weight.quant_map} F32[16], with double
 * quantization {@code L.weight.nested_absmax} F32 and {@code L.weight.nested_quant_map} F32[256], and
 * {@code L.weight.quant_state.bitsandbytes__nf4} U8 holding the JSON {quant_type, blocksize, dtype, shape[,
 * nested_blocksize, nested_dtype, nested_offset]}. Linears are the 2-D {@code .weight} tensors except protected ones
 * and embedding tables (names containing "embedding"); every other tensor is written as BF16.
 */
public final class Nf4Quantization {
    private static final String QUANT_STATE = ".quant_state.bitsandbytes__nf4";

    private Nf4Quantization() {
    }

    /** Quantizes {@code reference} into {@code output}; returns the linears quantized, in order. */
    public static List<String> run(Path reference, Path output, Set<String> protectedLayers, boolean doubleQuantize)
            throws IOException {
        try (SafetensorsFile source = SafetensorsFile.open(reference)) {
            CheckpointFloats floats = new CheckpointFloats(source);
            List<TensorSpec> specs = new ArrayList<>();
            Set<String> quantized = new java.util.HashSet<>();
            List<String> linears = new ArrayList<>();
            for (TensorInfo t : source.tensors()) {
                if (floats.isFp8Scale(t.name())) {
                    continue;
                }
                String linear = t.name().endsWith(".weight") ? t.name().substring(0, t.name().length() - 7) : null;
                boolean quantize = linear != null && t.shape().size() == 2 && !protectedLayers.contains(linear)
                        && !t.name().contains("embedding");
                if (!quantize) {
                    specs.add(new TensorSpec(t.name(), SafetensorsDtype.BF16, t.shape()));
                    continue;
                }
                linears.add(t.name());
                long n = t.elementCount();
                long blocks = (n + Nf4Quantizer.DEFAULT_BLOCK - 1) / Nf4Quantizer.DEFAULT_BLOCK;
                specs.add(TensorSpec.of(t.name(), SafetensorsDtype.U8, (n + 1) / 2, 1));
                specs.add(TensorSpec.of(t.name() + ".absmax", doubleQuantize ? SafetensorsDtype.U8 : SafetensorsDtype.F32, blocks));
                specs.add(TensorSpec.of(t.name() + ".quant_map", SafetensorsDtype.F32, 16));
                if (doubleQuantize) {
                    specs.add(TensorSpec.of(t.name() + ".nested_absmax", SafetensorsDtype.F32,
                            (blocks + Nf4Weight.NESTED_BLOCK - 1) / Nf4Weight.NESTED_BLOCK));
                    specs.add(TensorSpec.of(t.name() + ".nested_quant_map", SafetensorsDtype.F32, 256));
                }
                // the header needs the quant-state JSON's length, which depends on the offset: quantize once here to
                // learn it and again when writing, so that only one tensor is ever in memory
                float[] w = new float[Math.toIntExact(n)];
                floats.read(t.name(), 0, w, 0, w.length);
                Nf4Weight weight = Nf4Quantizer.quantize(w, t.shape(), Nf4Quantizer.DEFAULT_BLOCK, doubleQuantize);
                byte[] state = quantState(weight, t.dtype());
                specs.add(TensorSpec.of(t.name() + QUANT_STATE, SafetensorsDtype.U8, state.length));
                quantized.add(t.name());
            }
            try (SafetensorsWriter writer = SafetensorsWriter.create(output, specs, Map.of("format", "pt"))) {
                for (TensorSpec spec : specs) {
                    if (quantized.contains(spec.name())) {
                        float[] w = new float[Math.toIntExact(source.tensor(spec.name()).elementCount())];
                        floats.read(spec.name(), 0, w, 0, w.length);
                        Nf4Weight weight = Nf4Quantizer.quantize(w, source.tensor(spec.name()).shape(),
                                Nf4Quantizer.DEFAULT_BLOCK, doubleQuantize);
                        writeLinear(spec.name(), weight, source.tensor(spec.name()).dtype(), writer);
                    } else if (spec.dtype() == SafetensorsDtype.BF16) {
                        Bf16TensorCopy.write(spec, floats, writer);
                    }
                }
            }
            return linears;
        }
    }

    private static void writeLinear(String name, Nf4Weight weight, SafetensorsDtype dtype, SafetensorsWriter writer)
            throws IOException {
        writer.write(name, MemorySegment.ofArray(weight.packed()));
        if (weight.doubleQuantized()) {
            writer.write(name + ".absmax", MemorySegment.ofArray(weight.quantizedAbsmax()));
        } else {
            writer.write(name + ".absmax", MemorySegment.ofArray(weight.absmax()));
        }
        writer.write(name + ".quant_map", MemorySegment.ofArray(Nf4Codebook.CODES.clone()));
        if (weight.doubleQuantized()) {
            writer.write(name + ".nested_absmax", MemorySegment.ofArray(weight.nestedAbsmax()));
            writer.write(name + ".nested_quant_map", MemorySegment.ofArray(DynamicQuantMap.codes()));
        }
        writer.write(name + QUANT_STATE, MemorySegment.ofArray(quantState(weight, dtype)));
    }

    /** bitsandbytes' packed quant state: the non-tensor fields as UTF-8 JSON bytes. */
    static byte[] quantState(Nf4Weight weight, SafetensorsDtype dtype) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("quant_type", new JsonString("nf4"));
        m.put("blocksize", JsonNumber.of(weight.blockSize()));
        m.put("dtype", new JsonString(switch (dtype) {
            case F32 -> "float32";
            case F16 -> "float16";
            default -> "bfloat16"; // BF16, and FP8 weights, which decode to bf16
        }));
        m.put("shape", new JsonArray(weight.shape().stream().map(d -> (JsonValue) JsonNumber.of(d)).toList()));
        if (weight.doubleQuantized()) {
            m.put("nested_blocksize", JsonNumber.of(Nf4Weight.NESTED_BLOCK));
            m.put("nested_dtype", new JsonString("float32"));
            m.put("nested_offset", JsonNumber.of((double) weight.offset()));
        }
        return JsonWriter.write(new JsonObject(m)).getBytes(StandardCharsets.UTF_8);
    }
}
