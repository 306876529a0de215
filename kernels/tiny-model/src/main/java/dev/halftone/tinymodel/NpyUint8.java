package dev.halftone.tinymodel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A C-ordered uint8 array in NumPy's .npy format (version 1.0: magic, header length, a Python-literal dict
 * header padded to 64 bytes, raw data), the form in which images cross between Java and PyTorch.
 *
 * @param shape dimensions, outermost first
 * @param data  the elements in C order
 */
public record NpyUint8(int[] shape, byte[] data) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '\\|u1', 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), }\\s*");

    public NpyUint8 {
        shape = shape.clone();
        long count = 1;
        for (int dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("shape must not be negative: " + Arrays.toString(shape));
            }
            count *= dimension;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("data has " + data.length + " bytes, shape "
                    + Arrays.toString(shape) + " needs " + count);
        }
    }

    public void write(OutputStream out) throws IOException {
        StringBuilder dimensions = new StringBuilder();
        for (int dimension : shape) {
            dimensions.append(dimension).append(", ");
        }
        String shapeText = shape.length == 1 ? dimensions.toString().trim()
                : dimensions.substring(0, Math.max(0, dimensions.length() - 2));
        StringBuilder header = new StringBuilder("{'descr': '|u1', 'fortran_order': False, 'shape': (" + shapeText
                + "), }");
        while ((MAGIC.length + 2 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        out.write(MAGIC);
        out.write(header.length() & 0xFF);
        out.write(header.length() >>> 8);
        out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(data);
    }

    public static NpyUint8 read(InputStream in) throws IOException {
        byte[] prefix = in.readNBytes(MAGIC.length + 2);
        if (prefix.length != MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(prefix, MAGIC.length), MAGIC)) {
            throw new IOException("not a version 1.0 .npy stream");
        }
        int headerLength = (prefix[8] & 0xFF) | (prefix[9] & 0xFF) << 8;
        String header = new String(in.readNBytes(headerLength), StandardCharsets.US_ASCII);
        Matcher matcher = HEADER.matcher(header);
        if (!matcher.matches()) {
            throw new IOException("only C-ordered uint8 .npy arrays are read, header: " + header.trim());
        }
        int[] shape = Arrays.stream(matcher.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        long count = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        in.transferTo(data);
        if (data.size() != count) {
            throw new IOException(".npy data has " + data.size() + " bytes, shape needs " + count);
        }
        return new NpyUint8(shape, data.toByteArray());
    }
}
