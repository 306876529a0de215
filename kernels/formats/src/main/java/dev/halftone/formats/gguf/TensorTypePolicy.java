package dev.halftone.formats.gguf;

import dev.halftone.formats.quant.WeightFormat;
import dev.halftone.formats.safetensors.SafetensorsDtype;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses each tensor's GGUF type when a checkpoint is encoded: the base quantized type, except for tensors kept at
 * higher precision and, for a Q4_K_M-style policy, tensors bumped to a larger K-quant. Rules are checked in this
 * order; the first that matches decides:
 * <ol>
 * <li>an exact-name override ({@link #overrides});</li>
 * <li>1-D tensors and tensors of at most {@link #smallTensorElements} elements stay F32 (ComfyUI-GGUF convert.py:
 *     1-D and {@code QUANTIZATION_THRESHOLD} = 1024 → F32; llama.cpp never quantizes 1-D tensors);</li>
 * <li>names containing one of {@link #keepSubstrings} or ending with one of {@link #keepSuffixes} (embedders,
 *     final layer, biases and scales; stable-diffusion.cpp {@code tensor_should_be_converted} and ComfyUI-GGUF's
 *     lcpp.patch) keep a float type: BF16 from a BF16 or FP8 source, else F16 from F16, else F32;</li>
 * <li>names containing one of {@link #bumps}' keys get that type (Q4_K_M: FFN down-projections and attention value
 *     projections → Q6_K, fused QKV and attention output → Q5_K, as ComfyUI-GGUF's {@code img_tensor_get_type});</li>
 * <li>otherwise the base type; a row length ne[0] that is not a multiple of the chosen type's block size falls back to
 *     the kept float type (both sd.cpp and ComfyUI-GGUF do so).</li>
 * </ol>
 */
public record TensorTypePolicy(String name, WeightFormat base, int fileType, long smallTensorElements,
        List<String> keepSubstrings, List<String> keepSuffixes, Map<String, WeightFormat> bumps,
        Map<String, WeightFormat> overrides) {

    /** Kept-at-high-precision name substrings: Halftone's DiT (docs/model.md) plus Flux/MMDiT/UNet/Wan embedders. */
    public static final List<String> DEFAULT_KEEP_SUBSTRINGS = List.of(
            "input_proj.", "llm_cond_proj.", "t_embedding.", "adaln_proj.", "final_layer.", "text_encoder.",
            "img_in.", "txt_in.", "time_in.", "vector_in.", "guidance_in.", "x_embedder.", "t_embedder.",
            "y_embedder.", "pos_embed", "context_embedder.", "time_embed.", "label_emb.", "patch_embedding.",
            "text_embedding.", "time_projection.", "time_embedding.", "embedding");
    /** Kept name suffixes (sd.cpp): biases, norm scales, FP8 weight scales. */
    public static final List<String> DEFAULT_KEEP_SUFFIXES = List.of(".bias", ".scale", ".weight_scale");
    /** Q4_K_M bumps, by name substring. */
    public static final Map<String, WeightFormat> Q4_K_M_BUMPS = orderedMap(
            "feed_forward.w2.", WeightFormat.Q6_K, "ffn_down", WeightFormat.Q6_K, ".ff.net.2.", WeightFormat.Q6_K,
            ".mlp.layer2.", WeightFormat.Q6_K, "attn_v.", WeightFormat.Q6_K, ".to_v.", WeightFormat.Q6_K,
            "attention.qkv.", WeightFormat.Q5_K, "attn_qkv.", WeightFormat.Q5_K,
            "attention.o.", WeightFormat.Q5_K, "attn_output.", WeightFormat.Q5_K, ".to_out.0.", WeightFormat.Q5_K);

    /** llama_ftype values written as general.file_type. */
    public static final int FILE_TYPE_MOSTLY_Q8_0 = 7;
    public static final int FILE_TYPE_MOSTLY_Q4_K_S = 14;
    public static final int FILE_TYPE_MOSTLY_Q4_K_M = 15;

    public static final TensorTypePolicy Q8_0 = new TensorTypePolicy("q8_0", WeightFormat.Q8_0, FILE_TYPE_MOSTLY_Q8_0,
            1024, DEFAULT_KEEP_SUBSTRINGS, DEFAULT_KEEP_SUFFIXES, Map.of(), Map.of());
    public static final TensorTypePolicy Q4_K = new TensorTypePolicy("q4_k", WeightFormat.Q4_K,
            FILE_TYPE_MOSTLY_Q4_K_S, 1024, DEFAULT_KEEP_SUBSTRINGS, DEFAULT_KEEP_SUFFIXES, Map.of(), Map.of());
    public static final TensorTypePolicy Q4_K_M = new TensorTypePolicy("q4_k_m", WeightFormat.Q4_K,
            FILE_TYPE_MOSTLY_Q4_K_M, 1024, DEFAULT_KEEP_SUBSTRINGS, DEFAULT_KEEP_SUFFIXES, Q4_K_M_BUMPS, Map.of());

    public TensorTypePolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(base, "base");
        if (smallTensorElements < 0) {
            throw new IllegalArgumentException("smallTensorElements must be >= 0, got " + smallTensorElements);
        }
        keepSubstrings = List.copyOf(keepSubstrings);
        keepSuffixes = List.copyOf(keepSuffixes);
        bumps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bumps));
        overrides = Map.copyOf(overrides);
    }

    /** The policy named on the command line: {@code q8_0}, {@code q4_k} or {@code q4_k_m}. */
    public static TensorTypePolicy named(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "q8_0" -> Q8_0;
            case "q4_k", "q4_k_s" -> Q4_K;
            case "q4_k_m" -> Q4_K_M;
            default -> throw new IllegalArgumentException("--type must be q8_0, q4_k or q4_k_m, got \"" + name + "\"");
        };
    }

    /** The same policy with exact-name overrides added (per-model tuning). */
    public TensorTypePolicy withOverrides(Map<String, WeightFormat> more) {
        Map<String, WeightFormat> merged = new LinkedHashMap<>(overrides);
        merged.putAll(more);
        return new TensorTypePolicy(name, base, fileType, smallTensorElements, keepSubstrings, keepSuffixes, bumps, merged);
    }

    /** A type decision and the rule that made it (shown by {@code halftone gguf encode}). */
    public record Decision(WeightFormat format, String rule) {
    }

    /** Decides the GGUF type of tensor {@code tensorName} with PyTorch shape {@code shape} stored as {@code source}. */
    public Decision decide(String tensorName, List<Long> shape, SafetensorsDtype source) {
        WeightFormat kept = keptFormat(source);
        WeightFormat override = overrides.get(tensorName);
        if (override != null) {
            return fitting(override, shape, kept, "override");
        }
        long elements = shape.stream().reduce(1L, Math::multiplyExact);
        if (shape.size() <= 1 || elements <= smallTensorElements) {
            return new Decision(WeightFormat.F32, shape.size() <= 1 ? "1-D" : "small (<= " + smallTensorElements + ")");
        }
        for (String keep : keepSubstrings) {
            if (tensorName.contains(keep)) {
                return new Decision(kept, "keep \"" + keep + "\"");
            }
        }
        for (String suffix : keepSuffixes) {
            if (tensorName.endsWith(suffix)) {
                return new Decision(kept, "keep \"*" + suffix + "\"");
            }
        }
        for (Map.Entry<String, WeightFormat> bump : bumps.entrySet()) {
            if (tensorName.contains(bump.getKey())) {
                return fitting(bump.getValue(), shape, kept, "bump \"" + bump.getKey() + "\"");
            }
        }
        return fitting(base, shape, kept, "base");
    }

    /** The float type kept tensors get: BF16 for BF16 and FP8 sources (FP8 decodes to bf16), F16 for F16, else F32. */
    public static WeightFormat keptFormat(SafetensorsDtype source) {
        return switch (source) {
            case BF16, F8_E4M3 -> WeightFormat.BF16;
            case F16 -> WeightFormat.F16;
            case F32, I8, U8, I32 -> WeightFormat.F32;
        };
    }

    private static Decision fitting(WeightFormat format, List<Long> shape, WeightFormat kept, String rule) {
        long rowLength = shape.isEmpty() ? 1 : shape.getLast();
        if (rowLength % format.blockSize() != 0) {
            return new Decision(kept, rule + ", but ne[0] = " + rowLength + " is not a multiple of " + format.blockSize());
        }
        return new Decision(format, rule);
    }

    private static Map<String, WeightFormat> orderedMap(Object... pairs) {
        Map<String, WeightFormat> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (WeightFormat) pairs[i + 1]);
        }
        return map;
    }
}
