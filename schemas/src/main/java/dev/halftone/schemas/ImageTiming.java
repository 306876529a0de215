package dev.halftone.schemas;

import static dev.halftone.schemas.FieldCheck.range;

/** Wall-clock milliseconds of one generation: loading the variant, the denoising loop, and the whole task. */
public record ImageTiming(long loadMs, long denoiseMs, long totalMs) {
    public ImageTiming {
        range("timing.loadMs", loadMs, 0, Long.MAX_VALUE);
        range("timing.denoiseMs", denoiseMs, 0, Long.MAX_VALUE);
        range("timing.totalMs", totalMs, 0, Long.MAX_VALUE);
    }
}
