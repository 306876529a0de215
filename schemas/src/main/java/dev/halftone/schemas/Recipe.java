package dev.halftone.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

import static dev.halftone.schemas.FieldCheck.present;
import static dev.halftone.schemas.FieldCheck.range;

/**
 * How a variant is made. Only {@code int8-w8a8} takes SmoothQuant's migration strength {@code alpha}, the
 * {@code smoothQuant} switch and an optional {@link LayerProtection}; it needs the first two.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recipe(VariantFormat format, Double alpha, Boolean smoothQuant, LayerProtection protection) {
    public Recipe {
        present("recipe.format", format);
        if (format == VariantFormat.INT8_W8A8) {
            range("recipe.alpha", present("recipe.alpha (int8-w8a8)", alpha), 0.0, 1.0);
            present("recipe.smoothQuant (int8-w8a8)", smoothQuant);
        } else if (alpha != null || smoothQuant != null || protection != null) {
            throw new IllegalArgumentException(
                    "recipe.alpha, smoothQuant and protection apply to int8-w8a8 only, not " + format.wireName());
        }
    }

    /** A recipe without parameters: every format but int8-w8a8. */
    public static Recipe of(VariantFormat format) {
        return new Recipe(format, null, null, null);
    }

    public static Recipe int8(double alpha, boolean smoothQuant, LayerProtection protection) {
        return new Recipe(VariantFormat.INT8_W8A8, alpha, smoothQuant, protection);
    }
}
