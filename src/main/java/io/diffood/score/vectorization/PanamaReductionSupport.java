package io.diffood.score.vectorization;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation. Sums stay lane-wise in one accumulator until a single reduction at the end.
 * The tail that does not fill a vector goes through a scalar loop, as in Lucene: masked operations are slow
 * on JDK 17 and would make short rows (10 logits) slower than plain loops. Loaded only when the incubator
 * module is present (see {@link ReductionProvider}).
 */
final class PanamaReductionSupport implements ReductionSupport {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    // int8 dot products as in Lucene: bytes widen to shorts, multiply there (|a * b| <= 128 * 128 fits a short, and
    // a 16-bit multiply is cheaper than a 32-bit one), then widen to ints and add. The int vector is the preferred
    // size; the byte and short species have as many lanes, so each step converts whole vectors (part 0).
    private static final VectorSpecies<Integer> INT_SPECIES = IntVector.SPECIES_PREFERRED;
    private static final boolean INT8_VECTORIZED = INT_SPECIES.length() >= 8; // a 4-lane byte vector has no shape
    private static final VectorSpecies<Byte> BYTE_SPECIES = INT8_VECTORIZED ? lanesOf(byte.class, Byte.SIZE) : null;
    private static final VectorSpecies<Short> SHORT_SPECIES = INT8_VECTORIZED ? lanesOf(short.class, Short.SIZE) : null;

    private final ScalarReductionSupport scalar = new ScalarReductionSupport();

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

    @Override
    public void int8DotProducts(byte[] matrix, int firstRow, int count, int dim, byte[] query, int[] out) {
        if (!INT8_VECTORIZED) {
            scalar.int8DotProducts(matrix, firstRow, count, dim, query, out);
            return;
        }
        int bound = BYTE_SPECIES.loopBound(dim);
        for (int j = 0; j < count; j++) {
            int row = (firstRow + j) * dim;
            IntVector acc = IntVector.zero(INT_SPECIES);
            int i = 0;
            for (; i < bound; i += BYTE_SPECIES.length()) {
                Vector<Short> a = ByteVector.fromArray(BYTE_SPECIES, matrix, row + i).convertShape(VectorOperators.B2S, SHORT_SPECIES, 0);
                Vector<Short> b = ByteVector.fromArray(BYTE_SPECIES, query, i).convertShape(VectorOperators.B2S, SHORT_SPECIES, 0);
                acc = acc.add(a.mul(b).convertShape(VectorOperators.S2I, INT_SPECIES, 0));
            }
            int sum = acc.reduceLanes(VectorOperators.ADD);
            for (; i < dim; i++) {
                sum += matrix[row + i] * query[i];
            }
            out[j] = sum;
        }
    }

    private static <E> VectorSpecies<E> lanesOf(Class<E> elementType, int elementBits) {
        return VectorSpecies.of(elementType, VectorShape.forBitSize(INT_SPECIES.length() * elementBits));
    }
}
