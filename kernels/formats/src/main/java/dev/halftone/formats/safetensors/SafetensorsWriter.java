package dev.halftone.formats.safetensors;

import dev.halftone.formats.json.JsonValue;
import dev.halftone.formats.json.JsonValue.JsonArray;
import dev.halftone.formats.json.JsonValue.JsonNumber;
import dev.halftone.formats.json.JsonValue.JsonObject;
import dev.halftone.formats.json.JsonValue.JsonString;
import dev.halftone.formats.json.JsonWriter;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams a safetensors file: the header is written first from the declared tensor list, then each tensor's bytes in
 * declared order, whole ({@link #write}) or in chunks ({@link #begin} + {@link #append}), so only the caller's current
 * chunk is in memory. The header is padded with spaces to a multiple of 8 bytes, as huggingface/safetensors does, so
 * the data section starts 8-aligned. The file is written to {@code <out>.partial} and moved into place by
 * {@link #close()} once every tensor is complete; an incomplete file is deleted.
 */
public final class SafetensorsWriter implements AutoCloseable {
    private static final int HEADER_ALIGNMENT = 8;
    private static final int STAGING_BYTES = 1 << 20;

    private final Path target;
    private final Path partial;
    private final FileChannel channel;
    private final List<TensorSpec> tensors;
    private int next;
    private long remaining;
    private boolean failed;

    private SafetensorsWriter(Path target, Path partial, FileChannel channel, List<TensorSpec> tensors) {
        this.target = target;
        this.partial = partial;
        this.channel = channel;
        this.tensors = tensors;
        this.next = 0;
        this.remaining = -1;
    }

    /** Starts {@code target} with the given tensors (data in this order) and {@code __metadata__} map. */
    public static SafetensorsWriter create(Path target, List<TensorSpec> tensors, Map<String, String> metadata)
            throws IOException {
        tensors = List.copyOf(tensors);
        Set<String> names = new HashSet<>();
        for (TensorSpec tensor : tensors) {
            if (!names.add(tensor.name())) {
                throw new IllegalArgumentException("duplicate tensor name \"" + tensor.name() + "\"");
            }
        }
        byte[] header = encodeHeader(tensors, metadata);
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            ByteBuffer length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            length.putLong(header.length).flip();
            writeFully(channel, length);
            writeFully(channel, ByteBuffer.wrap(header));
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(partial);
            throw e;
        }
        return new SafetensorsWriter(target, partial, channel, tensors);
    }

    /** Writes the whole of the next declared tensor, which must be named {@code name}. */
    public void write(String name, MemorySegment bytes) throws IOException {
        begin(name);
        append(bytes);
    }

    /** Starts the next declared tensor, which must be named {@code name}; its bytes follow through {@link #append}. */
    public void begin(String name) throws IOException {
        if (remaining > 0) {
            throw fail("tensor \"" + tensors.get(next - 1).name() + "\" is missing " + remaining + " bytes");
        }
        if (next >= tensors.size()) {
            throw fail("tensor \"" + name + "\" was not declared (all " + tensors.size() + " are written)");
        }
        TensorSpec expected = tensors.get(next);
        if (!expected.name().equals(name)) {
            throw fail("expected tensor \"" + expected.name() + "\" next, got \"" + name + "\"");
        }
        next++;
        remaining = expected.byteSize();
    }

    /** Appends bytes (little-endian element data) to the tensor begun last. */
    public void append(MemorySegment chunk) throws IOException {
        if (next == 0 || chunk.byteSize() > remaining) {
            throw fail(next == 0 ? "append before begin"
                    : "tensor \"" + tensors.get(next - 1).name() + "\" given " + chunk.byteSize()
                            + " bytes but only " + remaining + " remain");
        }
        if (chunk.heapBase().map(base -> base instanceof byte[]).orElse(true)) {
            writeFully(channel, chunk.asByteBuffer());
        } else {
            copyThroughStaging(chunk);
        }
        remaining -= chunk.byteSize();
    }

    /** Finishes the file: moves it into place if every tensor is complete, else deletes it and throws. */
    @Override
    public void close() throws IOException {
        boolean complete = !failed && next == tensors.size() && remaining <= 0;
        channel.close();
        if (!complete) {
            Files.deleteIfExists(partial);
            if (!failed) {
                throw new IllegalStateException("safetensors file " + target + " closed after " + next + " of "
                        + tensors.size() + " tensors; nothing was written");
            }
            return;
        }
        Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Heap segments over float[], short[]… have no ByteBuffer view: copy them out a slice at a time. */
    private void copyThroughStaging(MemorySegment chunk) throws IOException {
        byte[] staging = new byte[(int) Math.min(chunk.byteSize(), STAGING_BYTES)];
        for (long done = 0; done < chunk.byteSize(); done += staging.length) {
            int n = (int) Math.min(staging.length, chunk.byteSize() - done);
            MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, done, staging, 0, n);
            writeFully(channel, ByteBuffer.wrap(staging, 0, n));
        }
    }

    private IllegalStateException fail(String message) {
        failed = true;
        return new IllegalStateException(message);
    }

    private static byte[] encodeHeader(List<TensorSpec> tensors, Map<String, String> metadata) {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            Map<String, JsonValue> entries = new LinkedHashMap<>();
            metadata.forEach((k, v) -> entries.put(k, new JsonString(v)));
            members.put(SafetensorsFile.METADATA_KEY, new JsonObject(entries));
        }
        long offset = 0;
        for (TensorSpec tensor : tensors) {
            long end = offset + tensor.byteSize();
            Map<String, JsonValue> entry = new LinkedHashMap<>();
            entry.put("dtype", new JsonString(tensor.dtype().name()));
            entry.put("shape", new JsonArray(tensor.shape().stream().map(d -> (JsonValue) JsonNumber.of(d)).toList()));
            entry.put("data_offsets", new JsonArray(List.of(JsonNumber.of(offset), JsonNumber.of(end))));
            members.put(tensor.name(), new JsonObject(entry));
            offset = end;
        }
        byte[] json = JsonWriter.write(new JsonObject(members)).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + HEADER_ALIGNMENT - 1) / HEADER_ALIGNMENT * HEADER_ALIGNMENT;
        byte[] header = java.util.Arrays.copyOf(json, padded);
        java.util.Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
