package dev.halftone.cuda;

import java.util.Optional;

/**
 * Whether libhalftone_cuda could load cuBLASLt, which the weight-only layers multiply with above
 * {@link CudaLinear#DEQUANT_ABOVE_ROWS} rows. Asked once per process: the library loads it on the first call
 * and keeps the answer.
 */
final class CublasLt {
    private static volatile Optional<String> unavailable;

    private CublasLt() {
    }

    static boolean available() {
        return unavailableReason().isEmpty();
    }

    /** Empty when cuBLASLt is loaded, else the library's reason (the loader's messages for each name it tried). */
    static Optional<String> unavailableReason() {
        Optional<String> known = unavailable;
        if (known == null) {
            try {
                HalftoneCuda.cublasLtStatus();
                known = Optional.empty();
            } catch (CudaException e) {
                known = Optional.of(e.getMessage());
            }
            unavailable = known;
        }
        return known;
    }
}
