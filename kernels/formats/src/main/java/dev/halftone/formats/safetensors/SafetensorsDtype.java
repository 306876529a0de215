package dev.halftone.formats.safetensors;

/** The element types Halftone reads and writes in safetensors files, spelled as in the header's {@code dtype}. */
public enum SafetensorsDtype {
    F32(4),
    F16(2),
    BF16(2),
    /** FP8 E4M3FN, see {@link dev.halftone.formats.numeric.Fp8E4M3}. */
    F8_E4M3(1),
    I8(1),
    U8(1),
    I32(4);

    private final int byteSize;

    SafetensorsDtype(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The dtype spelled {@code name} in a header, or null when Halftone does not support it. */
    public static SafetensorsDtype fromHeaderName(String name) {
        for (SafetensorsDtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        return null;
    }
}
