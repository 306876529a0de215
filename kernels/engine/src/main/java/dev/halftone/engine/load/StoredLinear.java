package dev.halftone.engine.load;

import dev.halftone.engine.linear.LinearFormat;

/**
 * What a branch checkpoint stores for one linear {@code y = x·Wᵀ + b}, as the loader read and checked it: the
 * layer's checkpoint name, the format its CPU backend would compute in, the shape, the weight as stored, the bias
 * decoded to float32 and the bytes all of it takes in the file.
 *
 * @param out  n, the output width
 * @param in   k, the input width
 * @param bias (out)
 */
public record StoredLinear(String name, LinearFormat format, int out, int in, StoredWeight weight, float[] bias,
                           long storedBytes) {

    public StoredLinear {
        if (name == null || name.isBlank() || format == null || weight == null) {
            throw new IllegalArgumentException("a stored linear needs a name, a format and a weight");
        }
        if (out <= 0 || in <= 0) {
            throw new IllegalArgumentException(name + ": shape must be positive, got (" + out + ", " + in + ")");
        }
        if (bias.length != out) {
            throw new IllegalArgumentException(name + ".bias has " + bias.length + " values, expected " + out);
        }
    }
}
