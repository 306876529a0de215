package dev.halftone.schemas;

import static dev.halftone.schemas.FieldCheck.range;

/** Image size in pixels; both sides multiples of 16 so every patch size up to 16 tiles the image. */
public record Resolution(int width, int height) {
    public Resolution {
        side("resolution.width", width);
        side("resolution.height", height);
    }

    private static void side(String field, int value) {
        range(field, value, ContractBounds.MIN_SIDE, ContractBounds.MAX_SIDE);
        if (value % ContractBounds.SIDE_MULTIPLE != 0) {
            throw new IllegalArgumentException(field + " is " + value + ", must be a multiple of " + ContractBounds.SIDE_MULTIPLE);
        }
    }
}
