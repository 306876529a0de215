package dev.halftone.formats.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Structure-blind mutations of a valid file: bit flips, interesting bytes and 32/64-bit integers (0, −1, 2^31,
 * 2^63, the file size ±1…), truncation, insertion, deletion and chunk duplication. Positions are biased toward the
 * header, where parsers decide what to read and allocate.
 */
final class ByteMutator {
    private static final long[] INTERESTING = {0, 1, -1, 2, 7, 8, 31, 32, 33, 63, 64, 127, 128, 255, 256, 0x7fff,
            0x8000, 0xffff, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE,
            100_000_000L, 100_000_001L};

    private final SplittableRandom random;

    ByteMutator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One to four mutations of {@code valid}; {@code headerBytes} is where the header ends (mutations prefer it). */
    byte[] mutate(byte[] valid, int headerBytes) {
        byte[] out = valid.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            out = once(out, headerBytes);
        }
        return out;
    }

    private byte[] once(byte[] in, int headerBytes) {
        if (in.length == 0) {
            return new byte[]{(byte) random.nextInt(256)};
        }
        int at = position(in.length, headerBytes);
        return switch (random.nextInt(9)) {
            case 0, 1 -> {
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << random.nextInt(8));
                yield out;
            }
            case 2 -> {
                byte[] out = in.clone();
                out[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
                yield out;
            }
            case 3 -> integer(in, at, 4);
            case 4 -> integer(in, at, 8);
            case 5 -> Arrays.copyOf(in, random.nextInt(in.length));
            case 6 -> {
                int n = 1 + random.nextInt(16);
                byte[] out = new byte[in.length + n];
                System.arraycopy(in, 0, out, 0, at);
                for (int i = 0; i < n; i++) {
                    out[at + i] = (byte) random.nextInt(256);
                }
                System.arraycopy(in, at, out, at + n, in.length - at);
                yield out;
            }
            case 7 -> {
                int n = Math.min(in.length - at, 1 + random.nextInt(16));
                byte[] out = new byte[in.length - n];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + n, out, at, in.length - at - n);
                yield out;
            }
            default -> {
                int n = Math.min(in.length - at, 1 + random.nextInt(64));
                int to = random.nextInt(in.length);
                byte[] out = new byte[in.length + n];
                System.arraycopy(in, 0, out, 0, to);
                System.arraycopy(in, at, out, to, n);
                System.arraycopy(in, to, out, to + n, in.length - to);
                yield out;
            }
        };
    }

    private byte[] integer(byte[] in, int at, int width) {
        byte[] out = in.clone();
        long value = random.nextInt(4) == 0 ? in.length + random.nextInt(5) - 2 : INTERESTING[random.nextInt(INTERESTING.length)];
        ByteBuffer buffer = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < width && at + i < out.length; i++) {
            buffer.put(at + i, (byte) (value >>> (8 * i)));
        }
        return out;
    }

    private int position(int length, int headerBytes) {
        if (random.nextInt(4) != 0 && headerBytes > 0) {
            return random.nextInt(Math.min(length, headerBytes));
        }
        return random.nextInt(length);
    }
}
