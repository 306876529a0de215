package dev.halftone.cuda;

/** One CUDA device as {@code cudaGetDeviceProperties} describes it. */
public record CudaDevice(int ordinal, String name, int computeMajor, int computeMinor, int multiprocessors,
                         long globalMemoryBytes) {

    /** True for sm_90 (H100, H200), where the wgmma W8A8 path runs. */
    public boolean isHopper() {
        return computeMajor == 9 && computeMinor == 0;
    }

    @Override
    public String toString() {
        return name + " (sm_" + computeMajor + computeMinor + ", " + multiprocessors + " SMs, "
                + (globalMemoryBytes >> 20) + " MiB)";
    }
}
