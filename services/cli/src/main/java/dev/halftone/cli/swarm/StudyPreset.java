package dev.halftone.cli.swarm;

import dev.halftone.schemas.LayerProtection;
import dev.halftone.schemas.Recipe;
import dev.halftone.schemas.Variant;
import dev.halftone.schemas.VariantFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The studies {@code halftone submit --preset} knows, after the paper's tables: {@code paper} (Table 1: FP8
 * reference, NF4, the INT8 recipe, Q8_0, Q4_K), {@code ablation} (Table 3: naive W8A8, +SmoothQuant, +protection,
 * both) and {@code ladder} (the protection-size ladder). Every study includes the FP8 reference, which the
 * fidelity metrics and paired intervals compare against.
 */
public enum StudyPreset {
    PAPER, ABLATION, LADDER;

    /** SmoothQuant migration strength of the recipe (paper §3). */
    static final double ALPHA = 0.5;

    /**
     * Protected layers of the recipe: the paper keeps 17 of 211 linears (8%) per branch; at that share a model with
     * {@code linears} linears per branch protects this many, at least one.
     */
    static int recipeTopK(int linears) {
        return Math.max(1, Math.round(linears * 17f / 211f));
    }

    /** The variants of this preset for a model with {@code linears} linears per branch (docs/model.md §3: 6N + 7). */
    public List<Variant> variants(int linears) {
        if (linears < 1) {
            throw new IllegalArgumentException("a model needs at least one linear layer, got " + linears);
        }
        int topK = recipeTopK(linears);
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("fp8", Recipe.of(VariantFormat.FP8_REFERENCE)));
        switch (this) {
            case PAPER -> {
                variants.add(new Variant("nf4", Recipe.of(VariantFormat.NF4)));
                variants.add(new Variant("int8", Recipe.int8(ALPHA, true, LayerProtection.topK(topK))));
                variants.add(new Variant("q8-0", Recipe.of(VariantFormat.GGUF_Q8_0)));
                variants.add(new Variant("q4-k", Recipe.of(VariantFormat.GGUF_Q4_K)));
            }
            case ABLATION -> {
                variants.add(new Variant("int8-naive", Recipe.int8(ALPHA, false, null)));
                variants.add(new Variant("int8-smoothquant", Recipe.int8(ALPHA, true, null)));
                variants.add(new Variant("int8-protection", Recipe.int8(ALPHA, false, LayerProtection.topK(topK))));
                variants.add(new Variant("int8-both", Recipe.int8(ALPHA, true, LayerProtection.topK(topK))));
            }
            case LADDER -> {
                for (int k : ladder(topK, linears)) {
                    variants.add(new Variant("int8-top" + k, Recipe.int8(ALPHA, true, LayerProtection.topK(k))));
                }
            }
        }
        return variants;
    }

    /** 0, then doubling up to twice the recipe's k, capped at the model's linears: the knee sits in between. */
    static List<Integer> ladder(int topK, int linears) {
        List<Integer> steps = new ArrayList<>();
        steps.add(0);
        for (int k = 1; k <= Math.min(2 * topK, linears); k *= 2) {
            steps.add(k);
        }
        if (!steps.contains(topK)) {
            steps.add(topK);
            steps.sort(Integer::compare);
        }
        return steps;
    }

    public static StudyPreset of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown preset '" + name + "', use paper, ablation or ladder");
        }
    }
}
