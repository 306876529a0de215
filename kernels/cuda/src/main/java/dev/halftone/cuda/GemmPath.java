package dev.halftone.cuda;

/** Which implementation runs the int8 x int8 W8A8 product ({@code ht_gemm_path}). */
public enum GemmPath {
    /** wgmma on sm_90 devices for M > 64, mma.sync elsewhere. */
    AUTO(0),
    /** mma.sync m16n8k32 with a cp.async pipeline: the RTX 3090 (sm_86) design; also runs on Hopper. */
    MMA_SYNC(1),
    /** wgmma s8 with bulk tensor copies, sm_90a only. */
    WGMMA(2),
    /** mma.sync with 128 x 256 tiles (144 KB of shared memory, sm_90 only). */
    MMA_SYNC_WIDE(3);

    final int code;

    GemmPath(int code) {
        this.code = code;
    }
}
