package dev.halftone.engine.load;

import dev.halftone.formats.json.JsonReader;
import dev.halftone.formats.json.JsonValue;
import dev.halftone.formats.json.JsonValue.JsonObject;
import dev.halftone.formats.nf4.DynamicQuantMap;
import dev.halftone.formats.nf4.Nf4Codebook;
import dev.halftone.formats.nf4.Nf4Quantizer;
import dev.halftone.formats.nf4.Nf4Weight;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import dev.halftone.formats.safetensors.TensorInfo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one NF4 linear weight stored as bitsandbytes' state dict (formats' {@code Nf4Quantization} layout):
 * {@code L.weight} U8 packed, {@code L.weight.absmax} (F32, or U8 when double-quantized with
 * {@code L.weight.nested_absmax} F32 and {@code L.weight.nested_quant_map}), {@code L.weight.quant_map} F32[16] and the
 * JSON {@code L.weight.quant_state.bitsandbytes__nf4}. The weight stays encoded; the CPU backend decodes it with
 * formats' {@code Nf4Quantizer.dequantize}.
 */
final class Nf4Tensors {

    static final String QUANT_STATE = ".quant_state.bitsandbytes__nf4";

    private Nf4Tensors() {
    }

    static boolean isNf4(CheckpointTensors tensors, String weight) {
        return tensors.contains(weight + QUANT_STATE);
    }

    /** (the weight as stored, its absmax checked finite; stored bytes of every NF4 tensor of the weight). */
    record Stored(Nf4Weight weight, long storedBytes) {
    }

    static Stored read(CheckpointTensors tensors, String weight, int out, int in) {
        TensorInfo stateInfo = tensors.require(weight + QUANT_STATE, tensors.file().tensor(weight + QUANT_STATE)
                .shape().stream().mapToLong(Long::longValue).toArray());
        JsonObject state;
        try {
            state = (JsonObject) JsonReader.parse(new String(tensors.bytes(stateInfo), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new CheckpointMismatchException(stateInfo.name(), "is not a JSON object: " + e.getMessage());
        }
        if (!"nf4".equals(state.requireString("quant_type"))) {
            throw new CheckpointMismatchException(stateInfo.name(), "quant_type must be nf4");
        }
        List<Long> shape = state.requireArray("shape").elements().stream()
                .map(v -> ((JsonValue.JsonNumber) v).longValueExact()).toList();
        if (!shape.equals(List.of((long) out, (long) in))) {
            throw new CheckpointMismatchException(stateInfo.name(), "has shape " + shape + ", the config needs ["
                    + out + ", " + in + "]");
        }
        int blockSize = Math.toIntExact(state.requireNumber("blocksize").longValueExact());
        long n = (long) out * in;
        long blocks = (n + blockSize - 1) / blockSize;
        TensorInfo packed = tensors.require(weight, (n + 1) / 2, 1);
        TensorInfo quantMap = tensors.require(weight + ".quant_map", 16);
        if (!Arrays.equals(tensors.floats(quantMap), Nf4Codebook.CODES)) {
            throw new CheckpointMismatchException(quantMap.name(), "is not the NF4 codebook");
        }
        TensorInfo absmaxInfo = tensors.require(weight + ".absmax", blocks);
        long stored = stateInfo.byteSize() + packed.byteSize() + quantMap.byteSize() + absmaxInfo.byteSize();
        Nf4Weight nf4;
        if (absmaxInfo.dtype() == SafetensorsDtype.U8) {
            long nestedBlocks = (blocks + Nf4Weight.NESTED_BLOCK - 1) / Nf4Weight.NESTED_BLOCK;
            TensorInfo nested = tensors.require(weight + ".nested_absmax", nestedBlocks);
            TensorInfo nestedMap = tensors.require(weight + ".nested_quant_map", 256);
            if (!Arrays.equals(tensors.floats(nestedMap), DynamicQuantMap.codes())) {
                throw new CheckpointMismatchException(nestedMap.name(), "is not bitsandbytes' dynamic map");
            }
            float offset = (float) state.requireNumber("nested_offset").doubleValue();
            nf4 = new Nf4Weight(shape, blockSize, tensors.bytes(packed), null, tensors.bytes(absmaxInfo),
                    tensors.floats(nested), offset);
            stored += nested.byteSize() + nestedMap.byteSize();
        } else {
            nf4 = new Nf4Weight(shape, blockSize, tensors.bytes(packed), tensors.floats(absmaxInfo), null, null, 0f);
        }
        float[] absmax = Nf4Quantizer.absmax(nf4);
        for (int i = 0; i < absmax.length; i++) {
            // NF4 codes lie in [-1, 1]: the values are finite exactly when every block's absmax is
            if (!Float.isFinite(absmax[i])) {
                throw new CheckpointMismatchException(weight, "has a non-finite absmax in block " + i);
            }
        }
        return new Stored(nf4, stored);
    }
}
