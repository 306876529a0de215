package dev.halftone.formats.safetensors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file mapped read-only into memory; each tensor is a {@link MemorySegment} slice of the mapping, so
 * files larger than 2 GB and larger than the heap work. Layout: u64 little-endian header length N, N bytes of JSON
 * header ({@link SafetensorsHeader}), then the data section. Closing unmaps every segment handed out.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** Header member that holds the string-to-string metadata map. */
    public static final String METADATA_KEY = "__metadata__";

    private final Path path;
    private final Arena arena;
    private final MemorySegment data;
    private final SafetensorsHeader header;
    private final Map<String, TensorInfo> byName;

    private SafetensorsFile(Path path, Arena arena, MemorySegment data, SafetensorsHeader header) {
        this.path = path;
        this.arena = arena;
        this.data = data;
        this.header = header;
        this.byName = new LinkedHashMap<>();
        for (TensorInfo tensor : header.tensors()) {
            byName.put(tensor.name(), tensor);
        }
    }

    /** Maps and validates {@code path}; a malformed file fails with {@link SafetensorsFormatException}. */
    public static SafetensorsFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            SafetensorsHeader header = SafetensorsHeader.read(file);
            long dataStart = Long.BYTES + header.headerLength();
            return new SafetensorsFile(path, arena, file.asSlice(dataStart), header);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** The {@code __metadata__} map, empty when the file has none. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** Every tensor, in data order. */
    public List<TensorInfo> tensors() {
        return header.tensors();
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** The tensor {@code name}; an unknown name is an {@link IllegalArgumentException} naming it. */
    public TensorInfo tensor(String name) {
        TensorInfo tensor = byName.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("no tensor \"" + name + "\" in " + path);
        }
        return tensor;
    }

    /**
     * The bytes of tensor {@code name}, read-only, little-endian, valid until {@link #close()}. safetensors does not
     * align tensors, so read them with the {@code *_UNALIGNED} value layouts.
     */
    public MemorySegment segment(String name) {
        TensorInfo tensor = tensor(name);
        return data.asSlice(tensor.dataBegin(), tensor.byteSize()).asReadOnly();
    }

    @Override
    public void close() {
        arena.close();
    }
}
