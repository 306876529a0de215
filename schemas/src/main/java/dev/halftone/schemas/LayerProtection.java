package dev.halftone.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

import static dev.halftone.schemas.FieldCheck.matches;
import static dev.halftone.schemas.FieldCheck.maxLength;
import static dev.halftone.schemas.FieldCheck.range;
import static dev.halftone.schemas.FieldCheck.size;

/**
 * Layers an INT8 recipe keeps at reference precision: either the {@code topK} most sensitive layers of the profile,
 * or an explicit list of checkpoint layer names (docs/model.md §3). Exactly one of the two is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerProtection(Integer topK, List<String> layers) {
    public LayerProtection {
        if ((topK == null) == (layers == null)) {
            throw new IllegalArgumentException("protection needs exactly one of topK or layers");
        }
        if (topK != null) {
            range("protection.topK", topK, 0, ContractBounds.MAX_PROTECTED_LAYERS);
        }
        if (layers != null) {
            layers = List.copyOf(size("protection.layers", layers, 0, ContractBounds.MAX_PROTECTED_LAYERS));
            for (var layer : layers) {
                maxLength("protection.layers[]", layer, ContractBounds.MAX_LAYER_NAME_LENGTH);
                matches("protection.layers[]", layer, ContractBounds.LAYER_NAME);
            }
            if (layers.stream().distinct().count() != layers.size()) {
                throw new IllegalArgumentException("protection.layers must not repeat a layer");
            }
        }
    }

    public static LayerProtection topK(int k) {
        return new LayerProtection(k, null);
    }

    public static LayerProtection layers(List<String> names) {
        return new LayerProtection(null, names);
    }
}
