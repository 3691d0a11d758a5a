package io.diffood.score.vectorization;

/** Plain loops; the reference the Vector API implementation is tested against. */
final class ScalarReductionSupport implements ReductionSupport {

    @Override
    public float l2Norm(float[] v, int off, int len) {
        float sum = 0f;
        for (int i = off; i < off + len; i++) {
            sum += v[i] * v[i];
        }
        return (float) Math.sqrt(sum);
    }

    @Override
    public float l1Distance(float[] a, int aOff, float[] b, int bOff, int len) {
        float sum = 0f;
        for (int i = 0; i < len; i++) {
            sum += Math.abs(a[aOff + i] - b[bOff + i]);
        }
        return sum;
    }

    @Override
    public float max(float[] v, int off, int len) {
        float max = v[off];
        for (int i = off + 1; i < off + len; i++) {
            max = Math.max(max, v[i]);
        }
        return max;
    }

    @Override
    public float logSumExp(float[] v, int off, int len) {
        float max = max(v, off, len);
        float sum = 0f;
        for (int i = off; i < off + len; i++) {
            sum += (float) Math.exp(v[i] - max);
        }
        return max + (float) Math.log(sum);
    }

    @Override
    public void scale(float[] v, int off, int len, float factor) {
        for (int i = off; i < off + len; i++) {
            v[i] *= factor;
        }
    }

    @Override
    public void int8DotProducts(byte[] matrix, int firstRow, int count, int dim, byte[] query, int[] out) {
        for (int j = 0; j < count; j++) {
            int row = (firstRow + j) * dim;
            int sum = 0;
            for (int i = 0; i < dim; i++) {
                sum += matrix[row + i] * query[i];
            }
            out[j] = sum;
        }
    }
}
