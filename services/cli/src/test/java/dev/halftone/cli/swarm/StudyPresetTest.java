package dev.halftone.cli.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.halftone.schemas.Variant;
import dev.halftone.schemas.VariantFormat;

import java.util.List;

import org.junit.jupiter.api.Test;

class StudyPresetTest {

    @Test
    void paperHasTableOnesVariantsWithTheReferenceFirst() {
        var variants = StudyPreset.PAPER.variants(43);
        assertEquals(List.of("fp8", "nf4", "int8", "q8-0", "q4-k"), variants.stream().map(Variant::name).toList());
        assertEquals(VariantFormat.FP8_REFERENCE, variants.getFirst().recipe().format());
        assertEquals(3, variants.get(2).recipe().protection().topK(), "8% of 43 linears");
    }

    @Test
    void paperScaleProtectsSeventeen() {
        assertEquals(17, StudyPreset.recipeTopK(211));
    }

    @Test
    void ladderBracketsTheRecipe() {
        assertEquals(List.of(0, 1, 2, 3, 4), StudyPreset.ladder(3, 43));
        assertEquals(List.of(0, 1, 2, 4, 8, 16, 17, 32), StudyPreset.ladder(17, 211));
    }

    @Test
    void rejectsAnUnknownPreset() {
        assertThrows(IllegalArgumentException.class, () -> StudyPreset.of("fast"));
    }
}
