package dev.halftone.formats.nf4;

import dev.halftone.formats.quant.WeightSamples;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Nf4QuantizerTest {
    /** Half the widest gap between neighbouring NF4 codes (−1 … −0.696): the largest rounding error per absmax. */
    private static final double MAX_CODE_ERROR = (1.0 - 0.6961928009986877) / 2;

    /** Linear scan over independently computed midpoints (double sum, rounded once): ties go to the lower code. */
    private static int indexByScan(float scaled) {
        int index = 0;
        for (int i = 0; i < 15; i++) {
            float bound = (float) (((double) Nf4Codebook.CODES[i] + Nf4Codebook.CODES[i + 1]) / 2);
            if (bound < scaled) {
                index = i + 1;
            }
        }
        return index;
    }

    @Test
    void codeIndicesFollowMidpointsWithTiesDown() {
        for (int i = 0; i < 16; i++) {
            assertEquals(i, Nf4Codebook.index(Nf4Codebook.CODES[i]));
        }
        float[] bounds = Nf4Codebook.bounds();
        for (int i = 0; i < 15; i++) {
            assertEquals(i, Nf4Codebook.index(bounds[i]), "a value on a midpoint takes the lower code");
            assertEquals(i + 1, Nf4Codebook.index(Math.nextUp(bounds[i])));
        }
        SplittableRandom random = new SplittableRandom(WeightSamples.seed());
        for (int k = 0; k < 200_000; k++) {
            float x = (float) random.nextDouble(-1, 1);
            assertEquals(indexByScan(x), Nf4Codebook.index(x), "x = " + x);
        }
    }

    @Test
    void packsHighNibbleFirstAndDecodesWithinTheCodeGap() {
        long seed = WeightSamples.seed();
        float[] x = new WeightSamples(seed).next(4096);
        float[] odd = java.util.Arrays.copyOf(x, 4095);
        Nf4Weight w = Nf4Quantizer.quantize(odd, List.of(4095L), 64, false);
        assertEquals(2048, w.packed().length);
        float[] absmax = Nf4Quantizer.absmax(w);
        int first = Nf4Codebook.index(Math.clamp(odd[0] * (1f / Math.max(absmax[0], 1e-38f)), -1f, 1f));
        assertEquals(first, (w.packed()[0] >> 4) & 0xf, "value 0 sits in the high nibble");
        assertEquals(7, w.packed()[2047] & 0xf, "the odd tail is padded with the code of 0.0");
        float[] decoded = Nf4Quantizer.dequantize(w);
        for (int i = 0; i < odd.length; i++) {
            assertTrue(Math.abs(decoded[i] - odd[i]) <= MAX_CODE_ERROR * absmax[i / 64] * (1 + 1e-6) + 1e-30,
                    "value " + i + " (seed " + seed + ")");
        }
        assertEquals(4.5, Nf4Quantizer.quantize(x, List.of(64L, 64L), 64, false).bitsPerWeight(false), 1e-12);
    }

    @Test
    void doubleQuantizationStoresUint8AbsmaxWithNestedScales() {
        float[] x = new WeightSamples(WeightSamples.seed()).next(64 * 1024);
        Nf4Weight plain = Nf4Quantizer.quantize(x, List.of(256L, 256L), 64, false);
        Nf4Weight nested = Nf4Quantizer.quantize(x, List.of(256L, 256L), 64, true);
        assertTrue(nested.doubleQuantized());
        assertEquals(1024, nested.quantizedAbsmax().length);
        assertEquals(4, nested.nestedAbsmax().length);
        assertArrayEquals(plain.packed(), nested.packed(), "codes come from the exact absmax");
        double mean = 0;
        for (float a : plain.absmax()) {
            mean += a;
        }
        assertEquals((float) (mean / 1024), nested.offset());
        float[] restored = Nf4Quantizer.absmax(nested);
        for (int b = 0; b < restored.length; b++) {
            float bound = nested.nestedAbsmax()[b / 256] * 0.05f + 1e-30f; // the dynamic map's coarsest step near 1
            assertTrue(Math.abs(restored[b] - plain.absmax()[b]) <= bound, "block " + b);
        }
        // QLoRA's accounting: 4 + 8/64 + 32/(64·256) bits, plus the 32-bit offset over n weights
        assertEquals(4 + 8.0 / 64 + 32.0 / (64 * 256) + 32.0 / 65536, nested.bitsPerWeight(false), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Nf4Quantizer.quantize(x, List.of(3L), 64, false));
    }

    @Test
    void dynamicMapHasBitsandbytesShape() {
        float[] codes = DynamicQuantMap.codes();
        assertEquals(256, codes.length);
        for (int i = 1; i < 256; i++) {
            assertTrue(codes[i - 1] <= codes[i], "sorted");
        }
        assertEquals(1f, codes[255]);
        assertEquals(127, java.util.stream.IntStream.range(0, 256).filter(i -> codes[i] < 0).count());
        for (float c : codes) {
            if (c > 0 && c < 1) {
                assertTrue(java.util.Arrays.binarySearch(codes, -c) >= 0, "symmetric: " + c);
            }
        }
        assertEquals(5.5e-7f, codes[128], 1e-9f, "smallest positive: 1e-6 · (0.1 + 1) / 2");
        assertEquals(255, DynamicQuantMap.index(1f));
        assertEquals(127, DynamicQuantMap.index(0f));
    }
}
