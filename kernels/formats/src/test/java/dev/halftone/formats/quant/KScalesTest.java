package dev.halftone.formats.quant;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KScalesTest {

    /** The all-at-once unpacking (the vector decoder's) equals get_scale_min_k4 per sub-block on any 12 bytes. */
    @Test
    void bulkUnpackingEqualsThePerSubBlockOneOnEveryByteOfRandomPackings() {
        var random = new SplittableRandom(12);
        byte[] packed = new byte[KScales.BYTES];
        for (int trial = 0; trial < 20_000; trial++) {
            random.nextBytes(packed);
            var bytes = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
            long low = bytes.getLong(0);
            int high = bytes.getInt(8);
            long scales = KScales.scales(low, high);
            long mins = KScales.mins(low, high);
            for (int j = 0; j < 8; j++) {
                assertEquals(KScales.scale(packed, 0, j), (int) (scales >>> (8 * j)) & 0xff, "sc_" + j);
                assertEquals(KScales.min(packed, 0, j), (int) (mins >>> (8 * j)) & 0xff, "m_" + j);
            }
        }
    }
}
