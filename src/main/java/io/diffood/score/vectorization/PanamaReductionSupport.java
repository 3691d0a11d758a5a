package io.diffood.score.vectorization;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation. Each method runs an unmasked main loop and one masked step for the tail, with
 * the masked lane-wise operation leaving the accumulator's lanes alone where the mask is off; sums stay
 * lane-wise until a single reduction at the end. Loaded only when the incubator module is present
 * (see {@link ReductionProvider}).
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
        if (i < len) {
            FloatVector x = FloatVector.fromArray(SPECIES, v, off + i, tail(i, len));
            acc = x.fma(x, acc); // masked-off lanes load as 0
        }
        return (float) Math.sqrt(acc.reduceLanes(VectorOperators.ADD));
    }

    @Override
    public float l1Distance(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < SPECIES.loopBound(len); i += SPECIES.length()) {
            acc = acc.add(FloatVector.fromArray(SPECIES, a, aOff + i).sub(FloatVector.fromArray(SPECIES, b, bOff + i)).abs());
        }
        if (i < len) {
            VectorMask<Float> m = tail(i, len);
            acc = acc.add(FloatVector.fromArray(SPECIES, a, aOff + i, m).sub(FloatVector.fromArray(SPECIES, b, bOff + i, m)).abs());
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public float max(float[] v, int off, int len) {
        FloatVector acc = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < SPECIES.loopBound(len); i += SPECIES.length()) {
            acc = acc.max(FloatVector.fromArray(SPECIES, v, off + i));
        }
        if (i < len) {
            VectorMask<Float> m = tail(i, len);
            acc = acc.lanewise(VectorOperators.MAX, FloatVector.fromArray(SPECIES, v, off + i, m), m);
        }
        return acc.reduceLanes(VectorOperators.MAX);
    }

    @Override
    public float logSumExp(float[] v, int off, int len) {
        float max = max(v, off, len);
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < SPECIES.loopBound(len); i += SPECIES.length()) {
            acc = acc.add(FloatVector.fromArray(SPECIES, v, off + i).sub(max).lanewise(VectorOperators.EXP));
        }
        if (i < len) {
            VectorMask<Float> m = tail(i, len);
            acc = acc.add(FloatVector.fromArray(SPECIES, v, off + i, m).sub(max).lanewise(VectorOperators.EXP), m);
        }
        return max + (float) Math.log(acc.reduceLanes(VectorOperators.ADD));
    }

    @Override
    public void scale(float[] v, int off, int len, float factor) {
        int i = 0;
        for (; i < SPECIES.loopBound(len); i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, v, off + i).mul(factor).intoArray(v, off + i);
        }
        if (i < len) {
            VectorMask<Float> m = tail(i, len);
            FloatVector.fromArray(SPECIES, v, off + i, m).mul(factor).intoArray(v, off + i, m);
        }
    }

    private static VectorMask<Float> tail(int i, int len) {
        return SPECIES.indexInRange(i, len);
    }
}
