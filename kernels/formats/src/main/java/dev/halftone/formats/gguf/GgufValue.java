package dev.halftone.formats.gguf;

import java.util.List;
import java.util.Objects;

/** One GGUF metadata value; the record names are the GGUF types. Unsigned values are held in wider Java types. */
public sealed interface GgufValue {
    GgufValueType type();

    record UInt8(int value) implements GgufValue {
        public UInt8 {
            if (value < 0 || value > 0xff) {
                throw new IllegalArgumentException("UINT8 value out of range: " + value);
            }
        }

        public GgufValueType type() {
            return GgufValueType.UINT8;
        }
    }

    record Int8(byte value) implements GgufValue {
        public GgufValueType type() {
            return GgufValueType.INT8;
        }
    }

    record UInt16(int value) implements GgufValue {
        public UInt16 {
            if (value < 0 || value > 0xffff) {
                throw new IllegalArgumentException("UINT16 value out of range: " + value);
            }
        }

        public GgufValueType type() {
            return GgufValueType.UINT16;
        }
    }

    record Int16(short value) implements GgufValue {
        public GgufValueType type() {
            return GgufValueType.INT16;
        }
    }

    record UInt32(long value) implements GgufValue {
        public UInt32 {
            if (value < 0 || value > 0xffff_ffffL) {
                throw new IllegalArgumentException("UINT32 value out of range: " + value);
            }
        }

        public GgufValueType type() {
            return GgufValueType.UINT32;
        }
    }

    record Int32(int value) implements GgufValue {
        public GgufValueType type() {
            return GgufValueType.INT32;
        }
    }

    record Float32(float value) implements GgufValue {
        public GgufValueType type() {
            return GgufValueType.FLOAT32;
        }
    }

    record Bool(boolean value) implements GgufValue {
        public GgufValueType type() {
            return GgufValueType.BOOL;
        }
    }

    record Text(String value) implements GgufValue {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        public GgufValueType type() {
            return GgufValueType.STRING;
        }
    }

    /** A u64; {@code bits} is the unsigned value's two's-complement bit pattern (see {@link Long#toUnsignedString}). */
    record UInt64(long bits) implements GgufValue {
        public GgufValueType type() {
            return GgufValueType.UINT64;
        }
    }

    record Int64(long value) implements GgufValue {
        public GgufValueType type() {
            return GgufValueType.INT64;
        }
    }

    record Float64(double value) implements GgufValue {
        public GgufValueType type() {
            return GgufValueType.FLOAT64;
        }
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

        public GgufValueType type() {
            return GgufValueType.ARRAY;
        }
    }
}
