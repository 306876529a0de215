package dev.halftone.engine.load;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.KernelSet;
import dev.halftone.engine.model.BranchWeights;
import dev.halftone.engine.model.DiTConfig;

import java.io.IOException;
import java.nio.file.Path;

/** Loads a branch from whichever container its file is: safetensors (reference, bf16, INT8, NF4) or GGUF. */
public final class BranchFileLoader {

    private final SafetensorsBranchLoader safetensors;

    public BranchFileLoader(KernelSet kernels, WorkerPool pool) {
        this.safetensors = new SafetensorsBranchLoader(kernels, pool);
    }

    public BranchWeights load(Path file, DiTConfig config) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".safetensors")) {
            return safetensors.load(file, config);
        }
        throw new IOException("branch file " + file + " is neither .safetensors nor a supported container");
    }
}
