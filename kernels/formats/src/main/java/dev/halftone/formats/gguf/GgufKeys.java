package dev.halftone.formats.gguf;

/** The standard metadata keys Halftone writes and reads (ggml docs/gguf.md "General metadata"). */
public final class GgufKeys {
    /** STRING, {@code [a-z0-9]+}: the model family. */
    public static final String ARCHITECTURE = "general.architecture";
    /** UINT32, required when any tensor is quantized: ggml's {@code GGML_QNT_VERSION}. */
    public static final String QUANTIZATION_VERSION = "general.quantization_version";
    /** UINT32, a power of two; 32 when absent. */
    public static final String ALIGNMENT = "general.alignment";
    /** UINT32 {@code llama_ftype}: the dominant tensor type. */
    public static final String FILE_TYPE = "general.file_type";
    public static final String NAME = "general.name";

    /** The value of {@link #QUANTIZATION_VERSION} for the block layouts Halftone writes. */
    public static final int GGML_QUANTIZATION_VERSION = 2;
    /** {@code GGUF_DEFAULT_ALIGNMENT}. */
    public static final int DEFAULT_ALIGNMENT = 32;

    private GgufKeys() {
    }
}
