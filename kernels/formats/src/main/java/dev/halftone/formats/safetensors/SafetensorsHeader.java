package dev.halftone.formats.safetensors;

import dev.halftone.formats.json.JsonFormatException;
import dev.halftone.formats.json.JsonReader;
import dev.halftone.formats.json.JsonValue;
import dev.halftone.formats.json.JsonValue.JsonArray;
import dev.halftone.formats.json.JsonValue.JsonNumber;
import dev.halftone.formats.json.JsonValue.JsonObject;
import dev.halftone.formats.json.JsonValue.JsonString;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and validated JSON header of a safetensors file (huggingface/safetensors, "Format" in its README).
 * Validation is strict: the header is a UTF-8 JSON object optionally padded with trailing spaces; {@code __metadata__}
 * maps strings to strings; every other member is {@code {"dtype", "shape", "data_offsets"}} and nothing else; the
 * tensors' byte ranges, sorted, tile the data section exactly from 0 to its end (contiguous, no overlap, no gap) and
 * each range's length equals element count × dtype size.
 *
 * @param headerLength the JSON header's length N in bytes (the data section starts at 8 + N)
 * @param metadata     the {@code __metadata__} map (empty when absent)
 * @param tensors      tensors in data order (ascending offsets)
 */
public record SafetensorsHeader(long headerLength, Map<String, String> metadata, List<TensorInfo> tensors) {
    /** Largest header accepted, as in huggingface/safetensors ({@code MAX_HEADER_SIZE}). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    public SafetensorsHeader {
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = List.copyOf(tensors);
    }

    /** Reads and validates the header of a whole safetensors file, e.g. a mapped one. */
    public static SafetensorsHeader read(MemorySegment file) throws SafetensorsFormatException {
        long fileSize = file.byteSize();
        if (fileSize < Long.BYTES) {
            throw new SafetensorsFormatException("header length", "file has " + fileSize
                    + " bytes, fewer than the 8-byte header length");
        }
        long headerLength = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - Long.BYTES) {
            throw new SafetensorsFormatException("header length", "is " + Long.toUnsignedString(headerLength)
                    + "; must be at least 2, at most " + MAX_HEADER_BYTES + " and fit the " + fileSize + "-byte file");
        }
        byte[] headerBytes = file.asSlice(Long.BYTES, headerLength).toArray(ValueLayout.JAVA_BYTE);
        return parse(headerBytes, fileSize - Long.BYTES - headerLength);
    }

    /** Parses header bytes of a file whose data section holds {@code dataSize} bytes. */
    public static SafetensorsHeader parse(byte[] headerBytes, long dataSize) throws SafetensorsFormatException {
        int end = headerBytes.length;
        while (end > 0 && headerBytes[end - 1] == ' ') {
            end--;
        }
        if (end == 0 || headerBytes[0] != '{') {
            throw new SafetensorsFormatException("header", "must be a JSON object starting with '{'");
        }
        JsonValue root;
        try {
            root = JsonReader.parse(java.util.Arrays.copyOf(headerBytes, end));
        } catch (JsonFormatException e) {
            throw new SafetensorsFormatException("header", "invalid JSON: " + e.getMessage());
        }
        if (!(root instanceof JsonObject object)) {
            throw new SafetensorsFormatException("header", "must be a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonValue> member : object.members().entrySet()) {
            if (member.getKey().equals(SafetensorsFile.METADATA_KEY)) {
                metadata = parseMetadata(member.getValue());
            } else {
                tensors.add(parseTensor(member.getKey(), member.getValue()));
            }
        }
        tensors.sort(Comparator.comparingLong(TensorInfo::dataBegin).thenComparingLong(TensorInfo::dataEnd));
        long expected = 0;
        for (TensorInfo tensor : tensors) {
            if (tensor.dataBegin() != expected) {
                String problem = tensor.dataBegin() < expected ? "overlaps the previous tensor" : "leaves a gap";
                throw new SafetensorsFormatException(tensorField(tensor.name(), "data_offsets"),
                        "begins at " + tensor.dataBegin() + " but the previous tensor ends at " + expected
                                + " (" + problem + ")");
            }
            expected = tensor.dataEnd();
        }
        if (expected != dataSize) {
            throw new SafetensorsFormatException("data section", "tensors cover " + expected
                    + " bytes but the file holds " + dataSize + " bytes after the header");
        }
        return new SafetensorsHeader(headerBytes.length, metadata, tensors);
    }

    private static Map<String, String> parseMetadata(JsonValue value) throws SafetensorsFormatException {
        if (!(value instanceof JsonObject object)) {
            throw new SafetensorsFormatException(SafetensorsFile.METADATA_KEY, "must be an object of strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> entry : object.members().entrySet()) {
            if (!(entry.getValue() instanceof JsonString(String s))) {
                throw new SafetensorsFormatException(SafetensorsFile.METADATA_KEY + "." + entry.getKey(),
                        "must be a string");
            }
            metadata.put(entry.getKey(), s);
        }
        return metadata;
    }

    private static TensorInfo parseTensor(String name, JsonValue value) throws SafetensorsFormatException {
        if (name.isEmpty()) {
            throw new SafetensorsFormatException("tensor \"\"", "tensor names must not be empty");
        }
        if (!(value instanceof JsonObject object)) {
            throw new SafetensorsFormatException(tensorField(name, ""), "must be an object");
        }
        for (String key : object.members().keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new SafetensorsFormatException(tensorField(name, key), "unknown field");
            }
        }
        if (!(object.get("dtype") instanceof JsonString(String dtypeName))) {
            throw new SafetensorsFormatException(tensorField(name, "dtype"), "missing or not a string");
        }
        SafetensorsDtype dtype = SafetensorsDtype.fromHeaderName(dtypeName);
        if (dtype == null) {
            throw new SafetensorsFormatException(tensorField(name, "dtype"), "unsupported dtype \"" + dtypeName + "\"");
        }
        List<Long> shape = nonNegativeIntegers(name, "shape", object.get("shape"));
        List<Long> offsets = nonNegativeIntegers(name, "data_offsets", object.get("data_offsets"));
        if (offsets.size() != 2) {
            throw new SafetensorsFormatException(tensorField(name, "data_offsets"), "must hold exactly [begin, end]");
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (end < begin) {
            throw new SafetensorsFormatException(tensorField(name, "data_offsets"), "end " + end + " < begin " + begin);
        }
        long bytes;
        try {
            long count = 1;
            for (long dim : shape) {
                count = Math.multiplyExact(count, dim);
            }
            bytes = Math.multiplyExact(count, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new SafetensorsFormatException(tensorField(name, "shape"), "element count overflows 64 bits");
        }
        if (end - begin != bytes) {
            throw new SafetensorsFormatException(tensorField(name, "data_offsets"), "span " + (end - begin)
                    + " bytes but dtype " + dtype + " and shape " + shape + " need " + bytes);
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static List<Long> nonNegativeIntegers(String name, String field, JsonValue value)
            throws SafetensorsFormatException {
        if (!(value instanceof JsonArray(List<JsonValue> elements))) {
            throw new SafetensorsFormatException(tensorField(name, field), "missing or not an array");
        }
        List<Long> result = new ArrayList<>(elements.size());
        for (JsonValue element : elements) {
            long n;
            try {
                n = element instanceof JsonNumber number ? number.longValueExact() : -1;
            } catch (JsonFormatException e) {
                n = -1;
            }
            if (n < 0) {
                throw new SafetensorsFormatException(tensorField(name, field),
                        "elements must be non-negative 64-bit integers");
            }
            result.add(n);
        }
        return result;
    }

    static String tensorField(String name, String field) {
        return "tensor \"" + name + "\"" + (field.isEmpty() ? "" : "." + field);
    }
}
