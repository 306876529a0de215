package dev.halftone.formats.gguf;

import java.util.List;
import java.util.Objects;

/** One GGUF metadata value; the record names are the GGUF types. Unsigned values are held in wider Java types. */
public sealed interface GgufValue {

    /** The GGUF type tag this record stands for. */
    default GgufValueType type() {
        return switch (this) {
            case UInt8 v -> GgufValueType.UINT8;
            case Int8 v -> GgufValueType.INT8;
            case UInt16 v -> GgufValueType.UINT16;
            case Int16 v -> GgufValueType.INT16;
            case UInt32 v -> GgufValueType.UINT32;
            case Int32 v -> GgufValueType.INT32;
            case Float32 v -> GgufValueType.FLOAT32;
            case Bool v -> GgufValueType.BOOL;
            case Text v -> GgufValueType.STRING;
            case UInt64 v -> GgufValueType.UINT64;
            case Int64 v -> GgufValueType.INT64;
            case Float64 v -> GgufValueType.FLOAT64;
            case Array v -> GgufValueType.ARRAY;
        };
    }

    private static void checkUnsigned(long value, long max, String type) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(type + " value out of range: " + value);
        }
    }

    record UInt8(int value) implements GgufValue {
        public UInt8 {
            checkUnsigned(value, 0xff, "UINT8");
        }
    }

    record Int8(byte value) implements GgufValue {
    }

    record UInt16(int value) implements GgufValue {
        public UInt16 {
            checkUnsigned(value, 0xffff, "UINT16");
        }
    }

    record Int16(short value) implements GgufValue {
    }

    record UInt32(long value) implements GgufValue {
        public UInt32 {
            checkUnsigned(value, 0xffff_ffffL, "UINT32");
        }
    }

    record Int32(int value) implements GgufValue {
    }

    record Float32(float value) implements GgufValue {
    }

    record Bool(boolean value) implements GgufValue {
    }

    record Text(String value) implements GgufValue {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A u64; {@code bits} is the unsigned value's two's-complement bit pattern (see {@link Long#toUnsignedString}). */
    record UInt64(long bits) implements GgufValue {
    }

    record Int64(long value) implements GgufValue {
    }

    record Float64(double value) implements GgufValue {
    }

    /** An array whose elements all have {@code elementType}; arrays of arrays nest (each inner array is typed). */
    record Array(GgufValueType elementType, List<GgufValue> elements) implements GgufValue {
        public Array {
            Objects.requireNonNull(elementType, "elementType");
            if (!(elements instanceof ScalarArrayList)) {
                elements = List.copyOf(elements);
                for (int i = 0; i < elements.size(); i++) {
                    if (elements.get(i).type() != elementType) {
                        throw new IllegalArgumentException("array element " + i + " is " + elements.get(i).type()
                                + ", not " + elementType);
                    }
                }
            }
        }
    }
}
