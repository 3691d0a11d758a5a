package io.diffood.score.vectorization;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation. Sums stay lane-wise in one accumulator until a single reduction at the end.
 * The tail that does not fill a vector goes through a scalar loop, as in Lucene: masked operations are slow
 * on JDK 17 and would make short rows (10 logits) slower than plain loops. Loaded only when the incubator
 * module is present (see {@link ReductionProvider}).
 */
final class PanamaReductionSupport implements ReductionSupport {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public float l2Norm(float[] v, int off, int len) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < SPECIES.loopBound(len); i += SPECIES.length()) {
            FloatVector x = FloatVector.fromArray(SPECIES, v, off + i);
            acc = x.fma(x, acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            sum += v[off + i] * v[off + i];
        }
        return (float) Math.sqrt(sum);
    }

    @Override
    public float l1Distance(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < SPECIES.loopBound(len); i += SPECIES.length()) {
            acc = acc.add(FloatVector.fromArray(SPECIES, a, aOff + i).sub(FloatVector.fromArray(SPECIES, b, bOff + i)).abs());
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            sum += Math.abs(a[aOff + i] - b[bOff + i]);
        }
        return sum;
    }

    @Override
    public float max(float[] v, int off, int len) {
        FloatVector acc = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < SPECIES.loopBound(len); i += SPECIES.length()) {
            acc = acc.max(FloatVector.fromArray(SPECIES, v, off + i));
        }
        float max = acc.reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) {
            max = Math.max(max, v[off + i]);
        }
        return max;
    }

    @Override
    public float logSumExp(float[] v, int off, int len) {
        float max = max(v, off, len);
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < SPECIES.loopBound(len); i += SPECIES.length()) {
            acc = acc.add(FloatVector.fromArray(SPECIES, v, off + i).sub(max).lanewise(VectorOperators.EXP));
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            sum += (float) Math.exp(v[off + i] - max);
        }
        return max + (float) Math.log(sum);
    }

    @Override
    public void scale(float[] v, int off, int len, float factor) {
        int i = 0;
        for (; i < SPECIES.loopBound(len); i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, v, off + i).mul(factor).intoArray(v, off + i);
        }
        for (; i < len; i++) {
            v[off + i] *= factor;
        }
    }
}
