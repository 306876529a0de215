package dev.halftone.engine;

/**
 * One image to render.
 *
 * @param steps    Euler steps (48 for quality-48)
 * @param guidance CFG scale g
 */
public record GenerationRequest(String prompt, long seed, int steps, float guidance) {

    public GenerationRequest {
        if (prompt == null) {
            throw new IllegalArgumentException("prompt must not be null (use \"\" for none)");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (!Float.isFinite(guidance) || guidance < 0f) {
            throw new IllegalArgumentException("guidance must be finite and non-negative, got " + guidance);
        }
    }
}
