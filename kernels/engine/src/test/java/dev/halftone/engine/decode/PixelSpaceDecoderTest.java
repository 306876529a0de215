package dev.halftone.engine.decode;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PixelSpaceDecoderTest {

    /** rgb8 = clamp(round((x + 1)·127.5), 0, 255) in float32, half to even; channel-planar in, interleaved out. */
    @Test
    void roundsHalfToEvenAndClamps() {
        float[] red = {tie(128.5f), tie(129.5f), -1f, 1f, 3f, -7f};
        float[] values = new float[18];
        System.arraycopy(red, 0, values, 0, 6);
        java.util.Arrays.fill(values, 6, 12, 0f);
        java.util.Arrays.fill(values, 12, 18, Float.NaN);
        RgbImage image = new PixelSpaceDecoder().decode(new Latent(3, 2, 3, values));
        int[] expectedRed = {128, 130, 0, 255, 255, 0};
        for (int p = 0; p < 6; p++) {
            assertEquals(expectedRed[p], image.channel(p % 3, p / 3, 0), "pixel " + p);
            assertEquals(128, image.channel(p % 3, p / 3, 1));  // 127.5 is a tie: even 128
            assertEquals(0, image.channel(p % 3, p / 3, 2));    // NaN lands on 0
        }
    }

    /** An x whose float32 (x + 1)·127.5 is exactly the half-integer target. */
    private static float tie(float target) {
        int center = Float.floatToIntBits(target / 127.5f);
        for (int d = -32; d <= 32; d++) {
            float x = Float.intBitsToFloat(center + d) - 1f;  // exact: the float lies in [1, 2)
            if ((x + 1f) * 127.5f == target) {
                return x;
            }
        }
        throw new AssertionError("no float lands on " + target);
    }
}
