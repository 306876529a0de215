package dev.halftone.formats.gguf;

import dev.halftone.formats.quant.RowCodecs;
import dev.halftone.formats.quant.WeightFormat;
import dev.halftone.formats.quant.WeightSamples;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds small but complete GGUF files for tests: every value type, every tensor type, real encoded data. */
final class GgufSamples {
    private GgufSamples() {
    }

    /** Metadata with every scalar type and a flat array of each; {@code nested} adds arrays of arrays. */
    static Map<String, GgufValue> metadata(boolean nested, int alignment) {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put(GgufKeys.ARCHITECTURE, new GgufValue.Text("halftone"));
        m.put(GgufKeys.QUANTIZATION_VERSION, new GgufValue.UInt32(2));
        m.put(GgufKeys.ALIGNMENT, new GgufValue.UInt32(alignment));
        m.put(GgufKeys.FILE_TYPE, new GgufValue.UInt32(15));
        m.put("t.u8", new GgufValue.UInt8(255));
        m.put("t.i8", new GgufValue.Int8((byte) -128));
        m.put("t.u16", new GgufValue.UInt16(65535));
        m.put("t.i16", new GgufValue.Int16((short) -32768));
        m.put("t.u32", new GgufValue.UInt32(0xffff_ffffL));
        m.put("t.i32", new GgufValue.Int32(Integer.MIN_VALUE));
        m.put("t.f32", new GgufValue.Float32(-1.5e-7f));
        m.put("t.bool", new GgufValue.Bool(true));
        m.put("t.str", new GgufValue.Text("héllo \u2603 \"quoted\""));
        m.put("t.u64", new GgufValue.UInt64(-1L));
        m.put("t.i64", new GgufValue.Int64(Long.MIN_VALUE));
        m.put("t.f64", new GgufValue.Float64(Math.PI));
        m.put("t.arr.u8", new GgufValue.Array(GgufValueType.UINT8, List.of(new GgufValue.UInt8(1), new GgufValue.UInt8(200))));
        m.put("t.arr.i32", new GgufValue.Array(GgufValueType.INT32, List.of(new GgufValue.Int32(-7), new GgufValue.Int32(3))));
        m.put("t.arr.f32", new GgufValue.Array(GgufValueType.FLOAT32, List.of(new GgufValue.Float32(0.25f))));
        m.put("t.arr.bool", new GgufValue.Array(GgufValueType.BOOL, List.of(new GgufValue.Bool(false), new GgufValue.Bool(true))));
        m.put("t.arr.str", new GgufValue.Array(GgufValueType.STRING, List.of(new GgufValue.Text("a"), new GgufValue.Text(""))));
        m.put("t.arr.u64", new GgufValue.Array(GgufValueType.UINT64, List.of(new GgufValue.UInt64(1L << 63))));
        m.put("t.arr.f64", new GgufValue.Array(GgufValueType.FLOAT64, List.of(new GgufValue.Float64(-0.0))));
        m.put("t.arr.i16", new GgufValue.Array(GgufValueType.INT16, List.of(new GgufValue.Int16((short) 5))));
        m.put("t.arr.u16", new GgufValue.Array(GgufValueType.UINT16, List.of()));
        m.put("t.arr.u32", new GgufValue.Array(GgufValueType.UINT32, List.of(new GgufValue.UInt32(9))));
        m.put("t.arr.i8", new GgufValue.Array(GgufValueType.INT8, List.of(new GgufValue.Int8((byte) -1))));
        m.put("t.arr.i64", new GgufValue.Array(GgufValueType.INT64, List.of(new GgufValue.Int64(-2))));
        if (nested) {
            m.put("t.nested", new GgufValue.Array(GgufValueType.ARRAY, List.of(
                    new GgufValue.Array(GgufValueType.INT32, List.of(new GgufValue.Int32(1))),
                    new GgufValue.Array(GgufValueType.STRING, List.of(new GgufValue.Text("x"))),
                    new GgufValue.Array(GgufValueType.ARRAY, List.of(
                            new GgufValue.Array(GgufValueType.BOOL, List.of(new GgufValue.Bool(true))))))));
        }
        return m;
    }

    /** One tensor of each type; returns the fp32 sources by name so tests can re-encode them independently. */
    static Map<String, float[]> write(Path file, Map<String, GgufValue> metadata, long seed) throws IOException {
        WeightSamples samples = new WeightSamples(seed);
        List<GgufTensorSpec> specs = new ArrayList<>();
        Map<String, float[]> sources = new LinkedHashMap<>();
        int i = 0;
        for (WeightFormat format : WeightFormat.values()) {
            long rows = 3;
            long cols = format.isQuantized() ? 512 : 24;
            String name = "blocks." + i++ + "." + format.name().toLowerCase() + ".weight";
            specs.add(GgufTensorSpec.fromPyTorchShape(name, List.of(rows, cols), format));
            sources.put(name, samples.next((int) (rows * 512)));
        }
        specs.add(new GgufTensorSpec("norm.weight", List.of(256L), WeightFormat.F32));
        sources.put("norm.weight", samples.next(256));
        specs.add(new GgufTensorSpec("cube", List.of(256L, 2L, 1L, 3L), WeightFormat.Q8_0));
        sources.put("cube", samples.next(256 * 6));
        try (GgufWriter writer = GgufWriter.create(file, metadata, specs); Arena arena = Arena.ofConfined()) {
            for (GgufTensorInfo tensor : writer.tensors()) {
                MemorySegment data = arena.allocate(tensor.byteSize());
                RowCodecs.reference(tensor.type()).quantize(sources.get(tensor.name()), 0, (int) tensor.elementCount(),
                        data, 0);
                writer.write(tensor.name(), data);
            }
        }
        return sources;
    }
}
