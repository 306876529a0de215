package dev.halftone.tinymodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyUint8Test {
    @Test
    void roundTripKeepsShapeAndBytesWithA64ByteAlignedHeader() throws IOException {
        byte[] data = new byte[2 * 3 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 11);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NpyUint8(new int[] {2, 3, 4}, data).write(out);
        byte[] written = out.toByteArray();
        assertEquals(0, (written.length - data.length) % 64);
        String header = new String(written, 10, written.length - data.length - 10, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3, 4), }", header.strip());
        NpyUint8 read = NpyUint8.read(new ByteArrayInputStream(written));
        assertArrayEquals(new int[] {2, 3, 4}, read.shape());
        assertArrayEquals(data, read.data());
    }

    @Test
    void oneDimensionalShapeIsWrittenAsAPythonOneTuple() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NpyUint8(new int[] {5}, new byte[5]).write(out);
        assertEquals(true, out.toString(StandardCharsets.US_ASCII).contains("'shape': (5,)"));
        assertArrayEquals(new int[] {5}, NpyUint8.read(new ByteArrayInputStream(out.toByteArray())).shape());
    }

    @Test
    void rejectsOtherDtypes() {
        byte[] header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }         \n"
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, 0});
        out.writeBytes(header);
        out.writeBytes(new byte[4]);
        assertThrows(IOException.class, () -> NpyUint8.read(new ByteArrayInputStream(out.toByteArray())));
    }
}
