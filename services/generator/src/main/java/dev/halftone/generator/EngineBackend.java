package dev.halftone.generator;

import dev.halftone.cuda.CudaAvailability;
import dev.halftone.cuda.CudaBackendChoice;
import dev.halftone.cuda.CudaDevice;
import dev.halftone.cuda.CudaLibraryLoader;
import dev.halftone.cuda.CudaLinearPlacement;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the engine's linear layers run, decided once at startup from {@code halftone.generator.backend}: the CUDA
 * device that answered, or the CPU. Eager ({@link Startup}), so {@code cuda} without a GPU stops the service before
 * it takes any task.
 */
@Startup
@ApplicationScoped
public class EngineBackend {
    private static final Logger LOG = Logger.getLogger(EngineBackend.class);

    private final Optional<CudaDevice> device;

    public EngineBackend(GeneratorConfig config, CudaConfig cuda) {
        CudaBackendChoice<Optional<CudaDevice>> choice = choose(config.backend(),
                () -> CudaLibraryLoader.load(cuda.library().orElse(null)));
        LOG.info(choice.message());
        this.device = choice.backend();
    }

    /**
     * The device to place linears on, or empty for the CPU, with the sentence to log; {@code probe} (loading the
     * library) runs only for {@code cuda} and {@code auto}.
     *
     * @throws IllegalStateException for {@code cuda} when the probe finds no library or device, with its reason
     */
    static CudaBackendChoice<Optional<CudaDevice>> choose(GeneratorBackend setting, Supplier<CudaAvailability> probe) {
        if (setting == GeneratorBackend.CPU) {
            return new CudaBackendChoice<>(Optional.empty(), false,
                    "CPU backend: halftone.generator.backend is cpu");
        }
        CudaAvailability availability = probe.get();
        if (setting == GeneratorBackend.CUDA && availability instanceof CudaAvailability.Unavailable unavailable) {
            throw new IllegalStateException("halftone.generator.backend is cuda but the CUDA backend cannot run: "
                    // the loader's reasons end in the auto fallback's words, which cuda does not take
                    + unavailable.reason().replace("; using the CPU backends", "")
                    + " (auto or cpu run on the CPU instead)");
        }
        return CudaBackendChoice.choose(availability, Optional::empty, available -> Optional.of(available.device()));
    }

    /** The name images report as their device: the CUDA device's, or {@code cpu}. */
    String deviceName() {
        return deviceName(device);
    }

    static String deviceName(Optional<CudaDevice> device) {
        return device.map(CudaDevice::name).orElse("cpu");
    }

    /** A placement for one variant on the chosen device, which the caller closes with the variant; empty for the CPU. */
    Optional<CudaLinearPlacement> placementForVariant() {
        return device.map(CudaLinearPlacement::new);
    }
}
