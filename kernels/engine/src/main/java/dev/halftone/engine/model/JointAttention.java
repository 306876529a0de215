package dev.halftone.engine.model;

import dev.halftone.engine.WorkerPool;
import dev.halftone.engine.kernel.F32Matmul;
import dev.halftone.engine.simd.PackedF32Matrix;
import dev.halftone.engine.simd.VectorMath;

/**
 * Full bidirectional attention over the joint text+image sequence, per head: QK-RMSNorm, 2D RoPE on image tokens,
 * softmax(q·kᵀ/sqrt(hd))·v (docs/model.md §3). Scores and the repacked keys/values live in buffers sized once for
 * the longest sequence; heads run one after another, each matmul spread over the workers.
 */
final class JointAttention {

    private final int hidden;
    private final int heads;
    private final int headDim;
    private final float eps;
    private final float[] qNorm;
    private final float[] kNorm;
    private final RotaryEmbedding2D rope;
    private final F32Matmul matmul;
    private final WorkerPool pool;
    private final PackedF32Matrix keys;
    private final PackedF32Matrix values;
    private final float[] scores;

    JointAttention(DiTConfig config, float[] qNorm, float[] kNorm, RotaryEmbedding2D rope, F32Matmul matmul,
                   WorkerPool pool) {
        this.hidden = config.hiddenSize();
        this.heads = config.numHeads();
        this.headDim = config.headDim();
        this.eps = (float) config.normEps();
        this.qNorm = qNorm;
        this.kNorm = kNorm;
        this.rope = rope;
        this.matmul = matmul;
        this.pool = pool;
        int maxSequence = config.maxSequence();
        this.keys = PackedF32Matrix.withCapacity(maxSequence, headDim);
        this.values = PackedF32Matrix.withCapacity(headDim, maxSequence);
        this.scores = new float[maxSequence * maxSequence];
    }

    /**
     * qkv (S, 3D) with q = [0, D), k = [D, 2D), v = [2D, 3D) is normalised and rotated in place; writes the
     * concatenated head outputs to out (S, D).
     */
    void forward(float[] qkv, int textTokens, int sequence, float[] out) {
        int stride = 3 * hidden;
        float scale = (float) (1.0 / Math.sqrt(headDim));
        pool.forEach(sequence, token -> {
            int row = token * stride;
            for (int h = 0; h < heads; h++) {
                int q = row + h * headDim;
                int k = row + hidden + h * headDim;
                RmsNorm.row(qkv, q, qNorm, eps, headDim, qkv, q);
                RmsNorm.row(qkv, k, kNorm, eps, headDim, qkv, k);
                if (token >= textTokens) {
                    rope.rotate(qkv, q, token - textTokens);
                    rope.rotate(qkv, k, token - textTokens);
                }
            }
        });
        for (int h = 0; h < heads; h++) {
            keys.packRows(qkv, hidden + h * headDim, stride, sequence, headDim);            // (S, hd)
            values.packColumns(qkv, 2 * hidden + h * headDim, stride, headDim, sequence);   // (hd, S)
            matmul.multiply(qkv, h * headDim, stride, sequence, keys, null, scores, 0, sequence, pool); // (S, S)
            pool.forEach(sequence, i -> VectorMath.softmaxInPlace(scores, i * sequence, sequence, scale));
            matmul.multiply(scores, 0, sequence, sequence, values, null, out, h * headDim, hidden, pool); // (S, hd)
        }
    }
}
