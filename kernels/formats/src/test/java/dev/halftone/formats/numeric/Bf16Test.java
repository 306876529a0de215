package dev.halftone.formats.numeric;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exhaustive checks of {@link Bf16} against a nearest-neighbour formulation in double arithmetic. */
class Bf16Test {

    /** Picks the nearer of the two bfloat16 neighbours of x by measuring distances in double; ties to even. */
    private static short nearestByDistance(float x) {
        int bits = Float.floatToRawIntBits(x);
        if (Float.isNaN(x)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int truncated = bits & 0xffff_0000; // toward zero
        if (truncated == bits) {
            return (short) (bits >>> 16);
        }
        int away = truncated + 0x1_0000; // next magnitude up (may be infinity)
        double distanceToward = Math.abs((double) x - Float.intBitsToFloat(truncated));
        double awayValue = (away & 0x7fff_ffff) == 0x7f80_0000
                ? Math.copySign(0x1p128, x) // rounding past the largest finite lands on 2^128, i.e. infinity
                : Float.intBitsToFloat(away);
        double distanceAway = Math.abs(awayValue - x);
        if (distanceToward < distanceAway) {
            return (short) (truncated >>> 16);
        }
        if (distanceAway < distanceToward) {
            return (short) (away >>> 16);
        }
        return (short) (((truncated >>> 16) & 1) == 0 ? truncated >>> 16 : away >>> 16);
    }

    @Test
    void encodeMatchesNearestEvenOnEveryFloatBitPattern() {
        long mismatches = IntStream.range(0, 1 << 16).parallel().mapToLong(high -> {
            long bad = 0;
            for (int low = 0; low < 1 << 16; low++) {
                float x = Float.intBitsToFloat(high << 16 | low);
                if (Bf16.encode(x) != nearestByDistance(x)) {
                    bad++;
                }
            }
            return bad;
        }).sum();
        assertEquals(0, mismatches);
    }

    @Test
    void decodeIsTheTopHalfOfTheFloatOnEveryPattern() {
        for (int b = 0; b < 1 << 16; b++) {
            float expected = Float.intBitsToFloat(b << 16);
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(Bf16.decode((short) b)));
        }
    }

    @Test
    void encodeExactAgreesWithEncodeOnFloatsAndRoundsOnceOnDoubles() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            float x = Float.intBitsToFloat(random.nextInt());
            if (Float.isNaN(x)) {
                continue; // encodeExact has no float payload to keep
            }
            assertEquals(Bf16.encode(x), Bf16.encodeExact(x), () -> "float " + x);
        }
        // 1 + 2^-8 + 2^-30 is above the tie between 1 and 1+2^-7: one rounding goes up, float-first would go down
        double justAboveTie = 1 + 0x1p-8 + 0x1p-30;
        assertEquals((short) 0x3f81, Bf16.encodeExact(justAboveTie));
        assertEquals((short) 0x3f80, Bf16.encode((float) justAboveTie));
        assertEquals((short) 0x7f80, Bf16.encodeExact(0x1.fep127 + 0x1p119), "tie above the largest finite");
        assertTrue(Float.isNaN(Bf16.decode(Bf16.encodeExact(Double.NaN))));
    }
}
