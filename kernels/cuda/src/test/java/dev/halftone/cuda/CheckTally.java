package dev.halftone.cuda;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The PASS/FAIL lines of a GPU check program (scripts/gpu-test.sh runs them with plain jars, no test framework) and
 * its last line, 'N passed, N failed', with exit status 1 on any failure.
 */
final class CheckTally {
    private final List<Boolean> results = new ArrayList<>();

    void record(String name, boolean ok, String detail) {
        results.add(ok);
        System.out.println((ok ? "PASS  " : "FAIL  ") + name + ": " + detail);
    }

    /** Loads the library named by -Dhalftone.cuda.library and records whether a device answered. */
    Optional<CudaDevice> device() {
        CudaAvailability availability = CudaLibraryLoader.load(Path.of(System.getProperty("halftone.cuda.library")));
        record("library loads and a device answers", availability instanceof CudaAvailability.Available,
                availability.toString());
        return availability instanceof CudaAvailability.Available available ? Optional.of(available.device())
                : Optional.empty();
    }

    void exit() {
        long passed = results.stream().filter(b -> b).count();
        long failed = results.size() - passed;
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
