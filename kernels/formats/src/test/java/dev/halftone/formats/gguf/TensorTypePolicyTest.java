package dev.halftone.formats.gguf;

import dev.halftone.formats.quant.WeightFormat;
import dev.halftone.formats.safetensors.SafetensorsDtype;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorTypePolicyTest {
    private static WeightFormat type(TensorTypePolicy policy, String name, long... shape) {
        return policy.decide(name, java.util.Arrays.stream(shape).boxed().toList(), SafetensorsDtype.BF16).format();
    }

    @Test
    void halftoneDitUnderEachPolicy() {
        for (TensorTypePolicy p : List.of(TensorTypePolicy.Q8_0, TensorTypePolicy.Q4_K, TensorTypePolicy.Q4_K_M)) {
            assertEquals(WeightFormat.F32, type(p, "layers.0.attention_norm.weight", 256), "1-D");
            assertEquals(WeightFormat.F32, type(p, "layers.0.attention.qkv.bias", 768), "1-D bias");
            assertEquals(WeightFormat.F32, type(p, "tiny.weight", 4, 256), "small");
            assertEquals(WeightFormat.BF16, type(p, "input_proj.weight", 256, 48), "embedder kept");
            assertEquals(WeightFormat.BF16, type(p, "final_layer.linear.weight", 48, 256), "final layer kept");
            assertEquals(WeightFormat.BF16, type(p, "t_embedding.linear_1.weight", 256, 256), "timestep kept");
            assertEquals(p.base(), type(p, "layers.0.feed_forward.w1.weight", 768, 256));
            assertEquals(p.base(), type(p, "layers.0.adaln_modulation.weight", 1536, 256));
        }
        assertEquals(WeightFormat.Q4_K, type(TensorTypePolicy.Q4_K, "layers.3.feed_forward.w2.weight", 256, 768));
        assertEquals(WeightFormat.Q6_K, type(TensorTypePolicy.Q4_K_M, "layers.3.feed_forward.w2.weight", 256, 768));
        assertEquals(WeightFormat.Q5_K, type(TensorTypePolicy.Q4_K_M, "layers.3.attention.qkv.weight", 768, 256));
        assertEquals(WeightFormat.Q5_K, type(TensorTypePolicy.Q4_K_M, "layers.3.attention.o.weight", 256, 256));
        assertEquals(WeightFormat.Q6_K, type(TensorTypePolicy.Q4_K_M, "blocks.1.attn.to_v.weight", 256, 256));
    }

    @Test
    void rowsThatDoNotFitTheBlockFallBackAndOverridesWin() {
        TensorTypePolicy.Decision d = TensorTypePolicy.Q4_K.decide("layers.0.x.weight", List.of(64L, 96L), SafetensorsDtype.F16);
        assertEquals(WeightFormat.F16, d.format());
        assertTrue(d.rule().contains("not a multiple of 256"), d.rule());
        assertEquals(WeightFormat.Q8_0, type(TensorTypePolicy.Q8_0, "layers.0.x.weight", 64, 96));
        TensorTypePolicy tuned = TensorTypePolicy.Q4_K.withOverrides(Map.of("final_layer.linear.weight", WeightFormat.Q8_0));
        assertEquals(WeightFormat.Q8_0, type(tuned, "final_layer.linear.weight", 48, 256));
        assertEquals(WeightFormat.BF16, TensorTypePolicy.keptFormat(SafetensorsDtype.F8_E4M3));
        assertEquals(TensorTypePolicy.Q4_K_M, TensorTypePolicy.named("Q4_K_M"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorTypePolicy.named("q3_k"));
        assertTrue(e.getMessage().contains("--type"));
    }
}
