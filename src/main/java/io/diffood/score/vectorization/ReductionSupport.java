package io.diffood.score.vectorization;

/**
 * The few float reductions that scoring needs. Two implementations answer the same calls: a plain
 * scalar loop and a Vector API one; {@link ReductionProvider} picks one at run time.
 */
public interface ReductionSupport {

    /** Euclidean norm of {@code v[off, off + len)}. */
    float l2Norm(float[] v, int off, int len);

    /** Sum of |a_i - b_i| over {@code len} elements. */
    float l1Distance(float[] a, int aOff, float[] b, int bOff, int len);

    /** Largest element; {@code len} must be positive. */
    float max(float[] v, int off, int len);

    /** log(sum exp(v_i)), computed around the maximum so that large logits do not overflow. */
    float logSumExp(float[] v, int off, int len);

    /** Scales {@code v[off, off + len)} in place. */
    void scale(float[] v, int off, int len, float factor);

    /**
     * Dot products of an int8 {@code query} with {@code count} consecutive rows of a row-major int8 matrix
     * with {@code dim} columns, starting at row {@code firstRow}:
     * {@code out[j] = sum_i matrix[(firstRow + j) * dim + i] * query[i]} for {@code j < count}.
     * Integer arithmetic, so every implementation returns the same values; exact while
     * {@code dim * 128 * 128 < 2^31}, i.e. {@code dim <= 131,071}.
     */
    void int8DotProducts(byte[] matrix, int firstRow, int count, int dim, byte[] query, int[] out);

    /** Scales v in place to unit L2 norm, as the DDP score does: v / (||v|| + 1e-10). */
    default void normalize(float[] v, int off, int len) {
        scale(v, off, len, (float) (1.0 / (l2Norm(v, off, len) + 1e-10)));
    }
}
