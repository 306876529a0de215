package dev.halftone.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small ONNX models (onnx.proto3 ModelProto, IR version 8, opset 13) by encoding the protobuf fields directly,
 * so tests make real ONNX files without Python's onnx package. Field numbers follow onnx/onnx.proto.
 */
final class OnnxGraphFile {

    static final int FLOAT = 1;
    static final int INT64 = 7;

    private OnnxGraphFile() {
    }

    /** input_ids int64 (1, T) → Gather(embedding (vocab, width), input_ids) → hidden float (1, T, width). */
    static void textEncoder(Path file, float[] embedding, int vocabulary, int width) throws IOException {
        byte[] graph = concat(
                field(1, node("gather", "Gather", new String[]{"embedding", "input_ids"}, "hidden")),
                field(2, utf8("halftone-test-text-encoder")),
                field(5, floatTensor("embedding", embedding, vocabulary, width)),
                field(11, valueInfo("input_ids", INT64, "1", "tokens")),
                field(12, valueInfo("hidden", FLOAT, "1", "tokens", Integer.toString(width))));
        Files.write(file, model(graph));
    }

    /** latent float (1, C, h, w) → Tanh(latent · 2) → image (1, C, h, w). */
    static void tanhDecoder(Path file, int channels) throws IOException {
        byte[] graph = concat(
                field(1, node("scale", "Mul", new String[]{"latent", "two"}, "scaled")),
                field(1, node("squash", "Tanh", new String[]{"scaled"}, "image")),
                field(2, utf8("halftone-test-decoder")),
                field(5, floatTensor("two", new float[]{2f})),
                field(11, valueInfo("latent", FLOAT, "1", Integer.toString(channels), "h", "w")),
                field(12, valueInfo("image", FLOAT, "1", Integer.toString(channels), "h", "w")));
        Files.write(file, model(graph));
    }

    private static byte[] model(byte[] graph) {
        byte[] opset = concat(field(1, utf8("")), varintField(2, 13));
        return concat(varintField(1, 8), field(2, utf8("halftone-tests")), field(7, graph), field(8, opset));
    }

    private static byte[] node(String name, String op, String[] inputs, String output) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String input : inputs) {
            out.writeBytes(field(1, utf8(input)));
        }
        out.writeBytes(field(2, utf8(output)));
        out.writeBytes(field(3, utf8(name)));
        out.writeBytes(field(4, utf8(op)));
        return out.toByteArray();
    }

    private static byte[] floatTensor(String name, float[] values, long... dims) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long dim : dims) {
            out.writeBytes(varintField(1, dim));
        }
        out.writeBytes(varintField(2, FLOAT));
        out.writeBytes(field(8, utf8(name)));
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        out.writeBytes(field(9, raw.array()));
        return out.toByteArray();
    }

    /** Dimensions that parse as numbers are fixed, others are named (symbolic). */
    private static byte[] valueInfo(String name, int elementType, String... dims) {
        ByteArrayOutputStream shape = new ByteArrayOutputStream();
        for (String dim : dims) {
            byte[] dimension = dim.chars().allMatch(Character::isDigit) ? varintField(1, Long.parseLong(dim))
                    : field(2, utf8(dim));
            shape.writeBytes(field(1, dimension));
        }
        byte[] tensorType = concat(varintField(1, elementType), field(2, shape.toByteArray()));
        return concat(field(1, utf8(name)), field(2, field(1, tensorType)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] field(int number, byte[] payload) {
        return concat(varint((long) number << 3 | 2), varint(payload.length), payload);
    }

    private static byte[] varintField(int number, long value) {
        return concat(varint((long) number << 3), varint(value));
    }

    private static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
