package dev.halftone.formats.ggml;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * ggml's {@code libggml-base.so} (npm {@code @node-llama-cpp/linux-x64@3.22.1}, unpacked by
 * src/test/native/fetch-ggml.sh into {@code -Dhalftone.ggml.dir}) bound through FFM: the reference quantizers and
 * dequantizers, {@code ggml_quantize_chunk} and the GGUF reader. This is the independent reference every format test
 * compares Halftone's output with. Handles mirror the C entry points one to one.
 */
public final class GgmlLibrary {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = SymbolLookup.libraryLookup(libraryPath(), Arena.global());

    /** {@code struct gguf_init_params { bool no_alloc; struct ggml_context ** ctx; }}, passed by value. */
    static final MemoryLayout GGUF_INIT_PARAMS = MemoryLayout.structLayout(
            JAVA_BOOLEAN.withName("no_alloc"), MemoryLayout.paddingLayout(7), ADDRESS.withName("ctx"));

    // void quantize_row_*_ref(const float * x, block * y, int64_t k); void dequantize_row_*(const block *, float *, int64_t)
    static final MethodHandle QUANTIZE_ROW_Q8_0_REF = handle("quantize_row_q8_0_ref", null, ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle QUANTIZE_ROW_Q4_K_REF = handle("quantize_row_q4_K_ref", null, ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle QUANTIZE_ROW_Q5_K_REF = handle("quantize_row_q5_K_ref", null, ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle QUANTIZE_ROW_Q6_K_REF = handle("quantize_row_q6_K_ref", null, ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle DEQUANTIZE_ROW_Q8_0 = handle("dequantize_row_q8_0", null, ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle DEQUANTIZE_ROW_Q4_K = handle("dequantize_row_q4_K", null, ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle DEQUANTIZE_ROW_Q5_K = handle("dequantize_row_q5_K", null, ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle DEQUANTIZE_ROW_Q6_K = handle("dequantize_row_q6_K", null, ADDRESS, ADDRESS, JAVA_LONG);
    // size_t ggml_quantize_chunk(enum ggml_type, const float * src, void * dst, int64_t start, int64_t nrows,
    //                            int64_t n_per_row, const float * imatrix)
    static final MethodHandle QUANTIZE_CHUNK = handle("ggml_quantize_chunk", JAVA_LONG,
            JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS);
    static final MethodHandle TYPE_SIZE = handle("ggml_type_size", JAVA_LONG, JAVA_INT);
    static final MethodHandle BLCK_SIZE = handle("ggml_blck_size", JAVA_LONG, JAVA_INT);

    static final MethodHandle GGUF_INIT_FROM_FILE = handle("gguf_init_from_file", ADDRESS, ADDRESS, GGUF_INIT_PARAMS);
    static final MethodHandle GGUF_FREE = handle("gguf_free", null, ADDRESS);
    static final MethodHandle GGUF_GET_VERSION = handle("gguf_get_version", JAVA_INT, ADDRESS);
    static final MethodHandle GGUF_GET_ALIGNMENT = handle("gguf_get_alignment", JAVA_LONG, ADDRESS);
    static final MethodHandle GGUF_GET_DATA_OFFSET = handle("gguf_get_data_offset", JAVA_LONG, ADDRESS);
    static final MethodHandle GGUF_GET_N_KV = handle("gguf_get_n_kv", JAVA_LONG, ADDRESS);
    static final MethodHandle GGUF_GET_KEY = handle("gguf_get_key", ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_KV_TYPE = handle("gguf_get_kv_type", JAVA_INT, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_ARR_TYPE = handle("gguf_get_arr_type", JAVA_INT, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_ARR_N = handle("gguf_get_arr_n", JAVA_LONG, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_ARR_DATA = handle("gguf_get_arr_data", ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_ARR_STR = handle("gguf_get_arr_str", ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG);
    static final MethodHandle GGUF_GET_VAL_U8 = handle("gguf_get_val_u8", JAVA_BYTE, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_VAL_I8 = handle("gguf_get_val_i8", JAVA_BYTE, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_VAL_U16 = handle("gguf_get_val_u16", JAVA_SHORT, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_VAL_I16 = handle("gguf_get_val_i16", JAVA_SHORT, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_VAL_U32 = handle("gguf_get_val_u32", JAVA_INT, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_VAL_I32 = handle("gguf_get_val_i32", JAVA_INT, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_VAL_F32 = handle("gguf_get_val_f32", JAVA_FLOAT, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_VAL_U64 = handle("gguf_get_val_u64", JAVA_LONG, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_VAL_I64 = handle("gguf_get_val_i64", JAVA_LONG, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_VAL_F64 = handle("gguf_get_val_f64", JAVA_DOUBLE, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_VAL_BOOL = handle("gguf_get_val_bool", JAVA_BOOLEAN, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_VAL_STR = handle("gguf_get_val_str", ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_N_TENSORS = handle("gguf_get_n_tensors", JAVA_LONG, ADDRESS);
    static final MethodHandle GGUF_GET_TENSOR_NAME = handle("gguf_get_tensor_name", ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_TENSOR_OFFSET = handle("gguf_get_tensor_offset", JAVA_LONG, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_TENSOR_TYPE = handle("gguf_get_tensor_type", JAVA_INT, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_TENSOR_SIZE = handle("gguf_get_tensor_size", JAVA_LONG, ADDRESS, JAVA_LONG);
    static final MethodHandle GGUF_GET_TENSOR_NE = handle("gguf_get_tensor_ne", ADDRESS, ADDRESS, JAVA_LONG);

    private GgmlLibrary() {
    }

    /** Where fetch-ggml.sh put the library; missing means the build's fetch step did not run, which is an error. */
    public static Path libraryPath() {
        String dir = System.getProperty("halftone.ggml.dir");
        if (dir == null) {
            throw new IllegalStateException("system property halftone.ggml.dir is not set (run the tests through Maven)");
        }
        Path lib = Path.of(dir, "package", "bins", "linux-x64", "libggml-base.so");
        if (!Files.isRegularFile(lib)) {
            throw new IllegalStateException(lib + " is missing: run kernels/formats/src/test/native/fetch-ggml.sh");
        }
        return lib;
    }

    private static MethodHandle handle(String name, MemoryLayout result, MemoryLayout... args) {
        MemorySegment symbol = LOOKUP.find(name)
                .orElseThrow(() -> new IllegalStateException(name + " is not exported by " + libraryPath()));
        FunctionDescriptor descriptor = result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args);
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /** Reads a NUL-terminated C string returned by ggml. */
    static String cString(MemorySegment pointer) {
        return pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
