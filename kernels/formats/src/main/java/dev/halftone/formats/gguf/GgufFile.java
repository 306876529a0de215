package dev.halftone.formats.gguf;

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
 * A GGUF v3 file mapped read-only; its tensors are {@link MemorySegment} slices of the mapping (files of any size).
 * The header is validated by {@link GgufHeader#parse}; closing unmaps every segment handed out.
 */
public final class GgufFile implements AutoCloseable {
    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final GgufHeader header;
    private final Map<String, GgufTensorInfo> byName = new LinkedHashMap<>();

    private GgufFile(Path path, Arena arena, MemorySegment file, GgufHeader header) {
        this.path = path;
        this.arena = arena;
        this.file = file;
        this.header = header;
        for (GgufTensorInfo tensor : header.tensors()) {
            byName.put(tensor.name(), tensor);
        }
    }

    /** Maps and validates {@code path}; a malformed file fails with {@link GgufFormatException}. */
    public static GgufFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new GgufFile(path, arena, file, GgufHeader.parse(file));
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public GgufHeader header() {
        return header;
    }

    public Map<String, GgufValue> metadata() {
        return header.metadata();
    }

    public List<GgufTensorInfo> tensors() {
        return header.tensors();
    }

    /** The tensor {@code name}; an unknown name is an {@link IllegalArgumentException} naming it. */
    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo tensor = byName.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("no tensor \"" + name + "\" in " + path);
        }
        return tensor;
    }

    /** The data of tensor {@code name}, read-only, aligned to {@link GgufHeader#alignment()} within the file. */
    public MemorySegment segment(String name) {
        GgufTensorInfo tensor = tensor(name);
        return file.asSlice(header.dataOffset() + tensor.offset(), tensor.byteSize()).asReadOnly();
    }

    /** Size of the file in bytes. */
    public long fileSize() {
        return file.byteSize();
    }

    @Override
    public void close() {
        arena.close();
    }
}
