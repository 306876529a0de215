package dev.halftone.evaluation.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes small ONNX models for tests by emitting the protobuf wire format of onnx.proto (ModelProto, GraphProto,
 * NodeProto, TensorProto, ValueInfoProto) directly, so the tests need no Python onnx package. Field numbers are
 * onnx.proto's; IR version 8, default-domain opset 13.
 */
final class OnnxGraphWriter {

    static final int FLOAT = 1;
    static final int INT64 = 7;

    private final ByteArrayOutputStream graph = new ByteArrayOutputStream();

    /** A graph input or output; a dimension is a Long (fixed) or a String (symbolic, e.g. "height"). */
    OnnxGraphWriter input(String name, int elementType, Object... dims) {
        field(graph, 11, valueInfo(name, elementType, dims));
        return this;
    }

    OnnxGraphWriter output(String name, int elementType, Object... dims) {
        field(graph, 12, valueInfo(name, elementType, dims));
        return this;
    }

    OnnxGraphWriter floatInitializer(String name, float[] values, long... dims) {
        ByteArrayOutputStream tensor = new ByteArrayOutputStream();
        for (long dim : dims) {
            varintField(tensor, 1, dim);
        }
        varintField(tensor, 2, FLOAT);
        field(tensor, 8, name.getBytes(StandardCharsets.UTF_8));
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            raw.putFloat(value);
        }
        field(tensor, 9, raw.array());
        field(graph, 5, tensor.toByteArray());
        return this;
    }

    OnnxGraphWriter node(String opType, List<String> inputs, List<String> outputs, byte[]... attributes) {
        ByteArrayOutputStream node = new ByteArrayOutputStream();
        inputs.forEach(input -> field(node, 1, input.getBytes(StandardCharsets.UTF_8)));
        outputs.forEach(output -> field(node, 2, output.getBytes(StandardCharsets.UTF_8)));
        field(node, 4, opType.getBytes(StandardCharsets.UTF_8));
        for (byte[] attribute : attributes) {
            field(node, 5, attribute);
        }
        field(graph, 1, node.toByteArray());
        return this;
    }

    static byte[] ints(String name, long... values) {
        ByteArrayOutputStream attribute = new ByteArrayOutputStream();
        field(attribute, 1, name.getBytes(StandardCharsets.UTF_8));
        for (long value : values) {
            varintField(attribute, 8, value);
        }
        varintField(attribute, 20, 7);
        return attribute.toByteArray();
    }

    static byte[] intValue(String name, long value) {
        ByteArrayOutputStream attribute = new ByteArrayOutputStream();
        field(attribute, 1, name.getBytes(StandardCharsets.UTF_8));
        varintField(attribute, 3, value);
        varintField(attribute, 20, 2);
        return attribute.toByteArray();
    }

    Path write(Path file) throws IOException {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        varintField(model, 1, 8);
        field(model, 2, "halftone-test".getBytes(StandardCharsets.UTF_8));
        field(graph, 2, "test".getBytes(StandardCharsets.UTF_8));
        field(model, 7, graph.toByteArray());
        ByteArrayOutputStream opset = new ByteArrayOutputStream();
        field(opset, 1, new byte[0]);
        varintField(opset, 2, 13);
        field(model, 8, opset.toByteArray());
        return Files.write(file, model.toByteArray());
    }

    private static byte[] valueInfo(String name, int elementType, Object... dims) {
        ByteArrayOutputStream shape = new ByteArrayOutputStream();
        for (Object dim : dims) {
            ByteArrayOutputStream dimension = new ByteArrayOutputStream();
            if (dim instanceof String symbol) {
                field(dimension, 2, symbol.getBytes(StandardCharsets.UTF_8));
            } else {
                varintField(dimension, 1, ((Number) dim).longValue());
            }
            field(shape, 1, dimension.toByteArray());
        }
        ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
        varintField(tensorType, 1, elementType);
        field(tensorType, 2, shape.toByteArray());
        ByteArrayOutputStream type = new ByteArrayOutputStream();
        field(type, 1, tensorType.toByteArray());
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        field(info, 1, name.getBytes(StandardCharsets.UTF_8));
        field(info, 2, type.toByteArray());
        return info.toByteArray();
    }

    /** Length-delimited field (wire type 2). */
    private static void field(ByteArrayOutputStream out, int number, byte[] payload) {
        varint(out, (long) number << 3 | 2);
        varint(out, payload.length);
        out.writeBytes(payload);
    }

    /** Varint field (wire type 0). */
    private static void varintField(ByteArrayOutputStream out, int number, long value) {
        varint(out, (long) number << 3);
        varint(out, value);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
