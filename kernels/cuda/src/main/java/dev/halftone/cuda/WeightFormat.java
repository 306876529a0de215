package dev.halftone.cuda;

/** A stored weight layout the dequantizing GEMM reads ({@code ht_weight_format}). */
enum WeightFormat {
    /** {@code ht_repack_q8_0}'s qs [n][k] with d [n][k/32]. */
    Q8_0(0),
    /** GGUF Q4_K blocks [n][k/256] as stored. */
    Q4_K(1),
    /** Q4_K repacked by {@code ht_repack_q4_K}. */
    Q4_K_PACKED(2),
    /** NF4 packed [n][k/2] with absmax [n][k/64]. */
    NF4(3),
    /** FP8 E4M3 [n][k] with a per-channel scale [n]. */
    FP8(4);

    final int code;

    WeightFormat(int code) {
        this.code = code;
    }
}
