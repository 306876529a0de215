package dev.halftone.schemas;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compact constructors reject what the schemas reject, with messages that name the field. */
class RecordRulesTest {
    private static final ObjectLocation MODEL_AT = new ObjectLocation("halftone-models", "halftone-tiny");

    @Test
    void resolutionBoundsAreTheSchemaBounds() {
        assertDoesNotThrow(() -> new Resolution(ContractBounds.MAX_SIDE, ContractBounds.MIN_SIDE));
        var huge = assertThrows(IllegalArgumentException.class, () -> new Resolution(100_000, 64));
        assertEquals("resolution.width is 100000, must be in [16, 4096]", huge.getMessage());
        var odd = assertThrows(IllegalArgumentException.class, () -> new Resolution(64, 72));
        assertEquals("resolution.height is 72, must be a multiple of 16", odd.getMessage());
    }

    @Test
    void promptCountIsBounded() {
        var prompts = new ArrayList<String>();
        for (int i = 0; i < ContractBounds.MAX_PROMPTS_PER_SET; i++) {
            prompts.add("p");
        }
        assertDoesNotThrow(() -> PromptSet.inline("s", prompts));
        prompts.add("one too many");
        var error = assertThrows(IllegalArgumentException.class, () -> PromptSet.inline("s", prompts));
        assertEquals("promptSet.prompts has 10001 entries, must have 1 to 10000", error.getMessage());
    }

    @Test
    void keysThatEscapeArePrintedSafely() {
        var error = assertThrows(IllegalArgumentException.class, () -> new ObjectLocation("halftone-models", "a/\u0000/../b"));
        assertTrue(error.getMessage().startsWith("key 'a/?/../b' must match"), error.getMessage());
    }

    @Test
    void int8NeedsAlphaAndOthersTakeNone() {
        var missing = assertThrows(NullPointerException.class, () -> new Recipe(VariantFormat.INT8_W8A8, null, true, null));
        assertEquals("recipe.alpha (int8-w8a8) is required", missing.getMessage());
        var extra = assertThrows(IllegalArgumentException.class, () -> new Recipe(VariantFormat.NF4, 0.5, null, null));
        assertTrue(extra.getMessage().endsWith("int8-w8a8 only, not nf4"), extra.getMessage());
    }

    @Test
    void protectionIsTopKOrLayersNotBoth() {
        assertThrows(IllegalArgumentException.class, () -> new LayerProtection(2, List.of("layers.0.attention.o")));
        assertThrows(IllegalArgumentException.class, () -> new LayerProtection(null, null));
        assertThrows(IllegalArgumentException.class, () -> LayerProtection.layers(List.of("Layers.0")));
    }

    @Test
    void seedsMustBeNonNegativeAndUnique() {
        var variants = List.of(new Variant("ref", Recipe.of(VariantFormat.BF16)));
        var sets = List.of(PromptSet.inline("s", List.of("p")));
        var model = new ModelReference("m", MODEL_AT);
        var resolution = new Resolution(64, 64);
        assertThrows(IllegalArgumentException.class,
                () -> new JobSubmitted("j1", model, variants, sets, List.of(-1L), 16, 4.0, resolution));
        var repeated = assertThrows(IllegalArgumentException.class,
                () -> new JobSubmitted("j1", model, variants, sets, List.of(3L, 3L), 16, 4.0, resolution));
        assertEquals("seeds repeats '3'; each must be unique", repeated.getMessage());
    }

    @Test
    void formatWireNamesParseAndUnknownOnesListTheChoices() {
        for (var format : VariantFormat.values()) {
            assertEquals(format, VariantFormat.fromWireName(format.wireName()));
        }
        var error = assertThrows(IllegalArgumentException.class, () -> VariantFormat.fromWireName("int4"));
        assertTrue(error.getMessage().contains("gguf-q4_k_m"), error.getMessage());
    }
}
