package dev.halftone.cuda;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** The checks a program runs on the device that answered. */
    @FunctionalInterface
    interface DeviceChecks {
        void run(CudaDevice device) throws Exception;
    }

    /**
     * Loads the library named by -Dhalftone.cuda.library, records whether a device answered, runs {@code checks} on
     * it if one did, then prints the tally and exits.
     */
    void runAndExit(DeviceChecks checks) throws Exception {
        CudaAvailability availability = CudaLibraryLoader.load(Path.of(System.getProperty("halftone.cuda.library")));
        record("library loads and a device answers", availability instanceof CudaAvailability.Available,
                availability.toString());
        if (availability instanceof CudaAvailability.Available available) {
            checks.run(available.device());
        }
        exit();
    }

    private void exit() {
        long passed = results.stream().filter(b -> b).count();
        long failed = results.size() - passed;
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
