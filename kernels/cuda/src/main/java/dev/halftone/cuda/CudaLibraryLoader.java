package dev.halftone.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads libhalftone_cuda, from a configured path or from this jar ({@code native/linux-x86_64/}), and asks it
 * for device 0. Every way this can fail (no library in the jar, a wrong path, a library that does not link, no
 * driver, no device) ends in {@link CudaAvailability.Unavailable} with a message naming the cause, never in an
 * exception: callers then use the CPU backends.
 */
public final class CudaLibraryLoader {
    /** Where the Maven build puts the library inside the jar. */
    static final String RESOURCE = "/native/linux-x86_64/libhalftone_cuda.so";

    private CudaLibraryLoader() {
    }

    /**
     * Loads the library ({@code configuredLibrary}, or the jar's copy when null) and probes device 0.
     * Loading is once per process: a second call with another path finds the first library already bound.
     */
    public static CudaAvailability load(Path configuredLibrary) {
        Path library;
        if (configuredLibrary != null) {
            if (!Files.isRegularFile(configuredLibrary)) {
                return new CudaAvailability.Unavailable("the configured CUDA library " + configuredLibrary
                        + " does not exist; using the CPU backends");
            }
            library = configuredLibrary.toAbsolutePath();
        } else {
            String platform = System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/"
                    + System.getProperty("os.arch");
            if (!platform.equals("linux/amd64")) {
                return new CudaAvailability.Unavailable("no CUDA library is built for " + platform
                        + " (only linux/amd64); using the CPU backends");
            }
            try {
                library = extractFromJar();
            } catch (IOException e) {
                return new CudaAvailability.Unavailable("could not extract the CUDA library from the jar: "
                        + e.getMessage() + "; using the CPU backends");
            }
            if (library == null) {
                return new CudaAvailability.Unavailable("this halftone-cuda jar carries no CUDA library (it was built"
                        + " where nvcc was absent); using the CPU backends");
            }
        }
        try {
            System.load(library.toString());
        } catch (UnsatisfiedLinkError e) {
            return new CudaAvailability.Unavailable("could not load the CUDA library " + library + ": "
                    + e.getMessage() + "; using the CPU backends");
        }
        return probeDevice(library);
    }

    private static CudaAvailability probeDevice(Path library) {
        try {
            int count = HalftoneCuda.deviceCount();
            if (count == 0) {
                return new CudaAvailability.Unavailable("the CUDA driver reports no device; using the CPU backends");
            }
            HalftoneCuda.setDevice(0);
            return new CudaAvailability.Available(library, HalftoneCuda.deviceProperties(0));
        } catch (CudaException e) {
            return new CudaAvailability.Unavailable("no usable CUDA device: " + e.getMessage()
                    + "; using the CPU backends");
        }
    }

    private static Path extractFromJar() throws IOException {
        try (InputStream in = CudaLibraryLoader.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            Path file = Files.createTempFile("libhalftone_cuda", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }
}
