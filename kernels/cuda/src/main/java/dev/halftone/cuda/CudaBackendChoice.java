package dev.halftone.cuda;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The backend an engine runs a layer on, chosen once from a {@link CudaAvailability}: the CUDA backend when a
 * device answered, else the CPU backend, with the sentence a log line or a CLI shows either way.
 *
 * @param backend the chosen backend
 * @param onGpu   true when {@code backend} is the CUDA one
 * @param message what was chosen and, for the CPU, why the GPU was not
 */
public record CudaBackendChoice<B>(B backend, boolean onGpu, String message) {

    public static <B> CudaBackendChoice<B> choose(CudaAvailability availability, Supplier<B> cpu,
                                                  Function<CudaAvailability.Available, B> cuda) {
        return switch (availability) {
            case CudaAvailability.Available available -> new CudaBackendChoice<>(cuda.apply(available), true,
                    "CUDA backend on " + available.device() + " from " + available.library());
            case CudaAvailability.Unavailable unavailable -> new CudaBackendChoice<>(cpu.get(), false,
                    "CPU backend: " + unavailable.reason());
        };
    }
}
