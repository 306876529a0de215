package dev.halftone.formats.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Streams a GGUF v3 file that ggml's reader accepts: the header (magic, version, counts, metadata, tensor infos) is
 * written first from the declared tensors, then each tensor's data in declared order, each padded with zeros to the
 * alignment ({@code general.alignment}, else 32), as ggml's {@code gguf_write_to_file} lays it out. Data comes whole
 * ({@link #write}) or in chunks ({@link #begin} + {@link #append}). The file is built as {@code <out>.partial} and
 * moved into place by {@link #close()} only when complete.
 */
public final class GgufWriter implements AutoCloseable {
    private static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9]+");
    private static final int STAGING_BYTES = 1 << 20;

    private final Path target;
    private final Path partial;
    private final FileChannel channel;
    private final List<GgufTensorInfo> tensors;
    private final int alignment;
    private int next;
    private long remaining;
    private long written;
    private boolean failed;

    private GgufWriter(Path target, Path partial, FileChannel channel, List<GgufTensorInfo> tensors, int alignment) {
        this.target = target;
        this.partial = partial;
        this.channel = channel;
        this.tensors = tensors;
        this.alignment = alignment;
    }

    /**
     * Starts {@code target}. {@code metadata} must hold {@code general.architecture} ({@code [a-z0-9]+}) and, when any
     * tensor is quantized, {@code general.quantization_version} = 2; keys are non-empty and at most 65535 bytes.
     */
    public static GgufWriter create(Path target, Map<String, GgufValue> metadata, List<GgufTensorSpec> specs)
            throws IOException {
        metadata = new LinkedHashMap<>(metadata);
        int alignment = checkMetadata(metadata, specs);
        List<GgufTensorInfo> tensors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (GgufTensorSpec spec : specs) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("duplicate tensor name \"" + spec.name() + "\"");
            }
            tensors.add(new GgufTensorInfo(spec.name(), spec.dimensions(), spec.type(), offset));
            offset = GgufHeader.pad(offset + spec.byteSize(), alignment);
        }
        byte[] header = encodeHeader(metadata, tensors, alignment);
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            writeFully(channel, ByteBuffer.wrap(header));
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(partial);
            throw e;
        }
        return new GgufWriter(target, partial, channel, List.copyOf(tensors), alignment);
    }

    /** The tensor infos as written, with their data offsets. */
    public List<GgufTensorInfo> tensors() {
        return tensors;
    }

    /** Writes the whole of the next declared tensor, which must be named {@code name}. */
    public void write(String name, MemorySegment bytes) throws IOException {
        begin(name);
        append(bytes);
    }

    /** Starts the next declared tensor, which must be named {@code name}. */
    public void begin(String name) throws IOException {
        finishTensor();
        if (next >= tensors.size()) {
            throw fail("tensor \"" + name + "\" was not declared (all " + tensors.size() + " are written)");
        }
        GgufTensorInfo expected = tensors.get(next);
        if (!expected.name().equals(name)) {
            throw fail("expected tensor \"" + expected.name() + "\" next, got \"" + name + "\"");
        }
        next++;
        remaining = expected.byteSize();
    }

    /** Appends encoded bytes to the tensor begun last. */
    public void append(MemorySegment chunk) throws IOException {
        if (next == 0 || chunk.byteSize() > remaining) {
            throw fail(next == 0 ? "append before begin" : "tensor \"" + tensors.get(next - 1).name() + "\" given "
                    + chunk.byteSize() + " bytes but only " + remaining + " remain");
        }
        if (chunk.heapBase().map(base -> base instanceof byte[]).orElse(true)) {
            writeFully(channel, chunk.asByteBuffer());
        } else {
            byte[] staging = new byte[(int) Math.min(chunk.byteSize(), STAGING_BYTES)];
            for (long done = 0; done < chunk.byteSize(); done += staging.length) {
                int n = (int) Math.min(staging.length, chunk.byteSize() - done);
                MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, done, staging, 0, n);
                writeFully(channel, ByteBuffer.wrap(staging, 0, n));
            }
        }
        remaining -= chunk.byteSize();
        written += chunk.byteSize();
    }

    /** Finishes the file: moves it into place if every tensor is complete, else deletes it. */
    @Override
    public void close() throws IOException {
        try {
            if (!failed && next > 0) {
                finishTensor();
            }
        } catch (IllegalStateException e) {
            failed = true;
        }
        boolean complete = !failed && next == tensors.size();
        channel.close();
        if (!complete) {
            Files.deleteIfExists(partial);
            if (!failed) {
                throw new IllegalStateException("GGUF file " + target + " closed after " + next + " of "
                        + tensors.size() + " tensors; nothing was written");
            }
            return;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Checks the current tensor is complete and pads the data to the alignment. */
    private void finishTensor() throws IOException {
        if (remaining > 0) {
            throw fail("tensor \"" + tensors.get(next - 1).name() + "\" is missing " + remaining + " bytes");
        }
        long padding = GgufHeader.pad(written, alignment) - written;
        if (padding > 0) {
            writeFully(channel, ByteBuffer.allocate((int) padding));
            written += padding;
        }
    }

    private IllegalStateException fail(String message) {
        failed = true;
        return new IllegalStateException(message);
    }

    private static int checkMetadata(Map<String, GgufValue> metadata, List<GgufTensorSpec> specs) {
        for (String key : metadata.keySet()) {
            int bytes = key.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > GgufHeader.MAX_KEY_BYTES) {
                throw new IllegalArgumentException("metadata key \"" + key + "\" must have 1 to 65535 UTF-8 bytes");
            }
        }
        if (!(metadata.get(GgufKeys.ARCHITECTURE) instanceof GgufValue.Text(String arch))
                || !ARCHITECTURE.matcher(arch).matches()) {
            throw new IllegalArgumentException(GgufKeys.ARCHITECTURE + " must be a STRING matching [a-z0-9]+");
        }
        boolean quantized = specs.stream().anyMatch(s -> s.type().isQuantized());
        if (quantized && !(metadata.get(GgufKeys.QUANTIZATION_VERSION) instanceof GgufValue.UInt32(long v)
                && v == GgufKeys.GGML_QUANTIZATION_VERSION)) {
            throw new IllegalArgumentException(GgufKeys.QUANTIZATION_VERSION + " must be UINT32 "
                    + GgufKeys.GGML_QUANTIZATION_VERSION + " when tensors are quantized");
        }
        GgufValue alignment = metadata.get(GgufKeys.ALIGNMENT);
        if (alignment == null) {
            return GgufKeys.DEFAULT_ALIGNMENT;
        }
        if (!(alignment instanceof GgufValue.UInt32(long a)) || Long.bitCount(a) != 1 || a > 1 << 30) {
            throw new IllegalArgumentException(GgufKeys.ALIGNMENT + " must be a UINT32 power of two up to 2^30");
        }
        return (int) a;
    }

    private static byte[] encodeHeader(Map<String, GgufValue> metadata, List<GgufTensorInfo> tensors, int alignment) {
        LittleEndianBuffer out = new LittleEndianBuffer();
        out.u32(GgufHeader.MAGIC);
        out.u32(GgufHeader.VERSION);
        out.u64(tensors.size());
        out.u64(metadata.size());
        for (Map.Entry<String, GgufValue> kv : metadata.entrySet()) {
            out.string(kv.getKey());
            out.u32(kv.getValue().type().id());
            writeValue(out, kv.getValue());
        }
        for (GgufTensorInfo tensor : tensors) {
            out.string(tensor.name());
            out.u32(tensor.dimensions().size());
            for (long ne : tensor.dimensions()) {
                out.u64(ne);
            }
            out.u32(tensor.type().ggmlType());
            out.u64(tensor.offset());
        }
        out.padTo(alignment);
        return out.toByteArray();
    }

    private static void writeValue(LittleEndianBuffer out, GgufValue value) {
        switch (value) {
            case GgufValue.UInt8(int v) -> out.u8(v);
            case GgufValue.Int8(byte v) -> out.u8(v);
            case GgufValue.UInt16(int v) -> out.u16(v);
            case GgufValue.Int16(short v) -> out.u16(v);
            case GgufValue.UInt32(long v) -> out.u32((int) v);
            case GgufValue.Int32(int v) -> out.u32(v);
            case GgufValue.Float32(float v) -> out.u32(Float.floatToRawIntBits(v));
            case GgufValue.Bool(boolean v) -> out.u8(v ? 1 : 0);
            case GgufValue.Text(String v) -> out.string(v);
            case GgufValue.UInt64(long v) -> out.u64(v);
            case GgufValue.Int64(long v) -> out.u64(v);
            case GgufValue.Float64(double v) -> out.u64(Double.doubleToRawLongBits(v));
            case GgufValue.Array(GgufValueType elementType, List<GgufValue> elements) -> {
                out.u32(elementType.id());
                out.u64(elements.size());
                for (GgufValue element : elements) {
                    writeValue(out, element);
                }
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Accumulates the header in memory (it is small: metadata and tensor infos only). */
    private static final class LittleEndianBuffer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        void u8(int v) {
            bytes.write(v);
        }

        void u16(int v) {
            scratch.clear();
            bytes.write(scratch.putShort((short) v).array(), 0, 2);
        }

        void u32(int v) {
            scratch.clear();
            bytes.write(scratch.putInt(v).array(), 0, 4);
        }

        void u64(long v) {
            scratch.clear();
            bytes.write(scratch.putLong(v).array(), 0, 8);
        }

        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            u64(utf8.length);
            bytes.write(utf8, 0, utf8.length);
        }

        void padTo(int alignment) {
            while (bytes.size() % alignment != 0) {
                bytes.write(0);
            }
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
