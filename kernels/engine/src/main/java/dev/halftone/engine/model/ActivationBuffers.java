package dev.halftone.engine.model;

/**
 * The activation buffers of one branch, sized once for the longest sequence (T_max + N) so a forward allocates
 * nothing large. Row-major, token-major.
 */
final class ActivationBuffers {

    final float[] h;        // (S, D) residual stream
    final float[] normed;   // (S, D) modulated norm output, the input of qkv and w1/w3
    final float[] qkv;      // (S, 3D)
    final float[] attended; // (S, D) concatenated head outputs
    final float[] branch;   // (S, D) output of attention.o / feed_forward.w2 / input projections
    final float[] gate;     // (S, F) w1 output, then silu(w1)·w3
    final float[] up;       // (S, F) w3 output
    final float[] patches;  // (N, 3p²) patchified input, then the final layer's output
    final float[] temb;     // (D)
    final float[] c;        // (D) conditioning vector
    final float[] siluC;    // (D)
    final float[] modulation; // (6D) per-block shift/scale/gate

    ActivationBuffers(DiTConfig config) {
        int s = config.maxSequence();
        int d = config.hiddenSize();
        int f = config.ffnHiddenSize();
        h = new float[s * d];
        normed = new float[s * d];
        qkv = new float[s * 3 * d];
        attended = new float[s * d];
        branch = new float[s * d];
        gate = new float[s * f];
        up = new float[s * f];
        patches = new float[config.imageTokens() * config.patchDim()];
        temb = new float[d];
        c = new float[d];
        siluC = new float[d];
        modulation = new float[6 * d];
    }
}
