package dev.halftone.formats.safetensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each malformed header is refused with a {@link SafetensorsFormatException} naming the field at fault. */
class SafetensorsHeaderTest {
    @TempDir
    Path dir;

    private Path file(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(json.length).put(json);
        Path path = dir.resolve("t.safetensors");
        Files.write(path, buffer.array());
        return path;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "gap between tensors | {'a':{'dtype':'U8','shape':[1],'data_offsets':[0,1]},'b':{'dtype':'U8','shape':[1],'data_offsets':[2,3]}} | 3 | tensor \"b\".data_offsets",
            "overlap | {'a':{'dtype':'U8','shape':[2],'data_offsets':[0,2]},'b':{'dtype':'U8','shape':[1],'data_offsets':[1,2]}} | 2 | tensor \"b\".data_offsets",
            "size mismatch | {'a':{'dtype':'F32','shape':[2],'data_offsets':[0,4]}} | 4 | tensor \"a\".data_offsets",
            "trailing data | {'a':{'dtype':'U8','shape':[1],'data_offsets':[0,1]}} | 2 | data section",
            "offsets past the end | {'a':{'dtype':'U8','shape':[9],'data_offsets':[0,9]}} | 1 | data section",
            "unknown dtype | {'a':{'dtype':'F64','shape':[1],'data_offsets':[0,8]}} | 8 | tensor \"a\".dtype",
            "unknown field | {'a':{'dtype':'U8','shape':[1],'data_offsets':[0,1],'x':1}} | 1 | tensor \"a\".x",
            "negative dim | {'a':{'dtype':'U8','shape':[-1],'data_offsets':[0,1]}} | 1 | tensor \"a\".shape",
            "fractional dim | {'a':{'dtype':'U8','shape':[1.5],'data_offsets':[0,1]}} | 1 | tensor \"a\".shape",
            "overflowing shape | {'a':{'dtype':'F32','shape':[4294967296,4294967296],'data_offsets':[0,1]}} | 1 | tensor \"a\".shape",
            "three offsets | {'a':{'dtype':'U8','shape':[1],'data_offsets':[0,1,1]}} | 1 | tensor \"a\".data_offsets",
            "reversed offsets | {'a':{'dtype':'U8','shape':[0],'data_offsets':[1,0]}} | 1 | tensor \"a\".data_offsets",
            "metadata not strings | {'__metadata__':{'k':1}} | 0 | __metadata__.k",
            "metadata not object | {'__metadata__':[]} | 0 | __metadata__",
            "not an object | [1] | 0 | header",
            "bad json | {'a': } | 0 | header",
            "duplicate key | {'__metadata__':{},'__metadata__':{}} | 0 | header",
            "tensor not object | {'a':1} | 0 | tensor \"a\"",
            "missing dtype | {'a':{'shape':[1],'data_offsets':[0,1]}} | 1 | tensor \"a\".dtype",
    })
    void refuses(String what, String header, int dataBytes, String field) throws IOException {
        Path path = file(header.replace('\'', '"'), dataBytes);
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(path));
        assertTrue(e.field().startsWith(field), what + ": field " + e.field() + ", message " + e.getMessage());
    }

    @Test
    void refusesBadHeaderLengths() throws IOException {
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[5]);
        assertEquals("header length", assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(tiny)).field());
        Path huge = dir.resolve("huge");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array());
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(huge));
        assertEquals("header length", e.field());
        assertTrue(e.getMessage().contains("18446744073709551615"), e.getMessage());
    }

    @Test
    void acceptsSpacePaddingAndEmptyFiles() throws IOException {
        try (SafetensorsFile st = SafetensorsFile.open(file("{}      ", 0))) {
            assertTrue(st.tensors().isEmpty());
        }
        try (SafetensorsFile st = SafetensorsFile.open(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[0,1]}}  ", 1))) {
            assertEquals(1, st.tensor("a").elementCount());
        }
        assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(file(" {}", 0)));
    }
}
