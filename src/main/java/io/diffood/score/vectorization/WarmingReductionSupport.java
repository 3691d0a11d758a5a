package io.diffood.score.vectorization;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Vector API reductions, except that the int8 dot products (the KNN scan) go through the scalar twin until a
 * background thread has made the JIT compile the vector kernel. Until then that kernel is about a hundred times slower
 * than the scalar loop (its vectors live as objects in the interpreter): the first scan over a 55,000-row bank took
 * 400 to 500 ms cold against 11 ms for the scalar loop, and 0.4 ms for either kernel once compiled. Integer dot
 * products are exact, so the answers do not depend on which kernel ran.
 */
final class WarmingReductionSupport implements ReductionSupport {

    /** Calls per timed round of the warm-up, and the time per call below which the kernel counts as compiled. */
    private static final int ROUND_CALLS = 256;
    private static final long COMPILED_NANOS_PER_CALL = 2_000;
    /** After this long the vector kernel takes over anyway: it is correct, only slower, and the JIT will get to it. */
    private static final long MAX_WARM_UP_NANOS = 10_000_000_000L;
    /** How long the warm-up waits after the first scan (the first request's): the first answers go first. */
    private static final long WARM_UP_DELAY_MILLIS = 1_000;

    private final ReductionSupport vector;
    private final ReductionSupport scalar = new ScalarReductionSupport();
    private final AtomicBoolean warmUpStarted = new AtomicBoolean();
    private volatile boolean vectorCompiled;

    WarmingReductionSupport(ReductionSupport vector) {
        this.vector = vector;
    }

    /** Whether the int8 scan runs on the vector kernel yet. */
    boolean vectorCompiled() {
        return vectorCompiled;
    }

    private void warmUp() {
        try {
            Thread.sleep(WARM_UP_DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // the scalar twin keeps serving
        }
        int dim = 128;
        int rows = 4;
        byte[] matrix = new byte[rows * dim];
        byte[] query = new byte[dim];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = (byte) (i * 31);
        }
        int[] out = new int[rows];
        long start = System.nanoTime();
        while (System.nanoTime() - start < MAX_WARM_UP_NANOS) {
            long round = System.nanoTime();
            for (int c = 0; c < ROUND_CALLS; c++) {
                query[c % dim]++;
                vector.int8DotProducts(matrix, 0, rows, dim, query, out);
            }
            if (System.nanoTime() - round < ROUND_CALLS * COMPILED_NANOS_PER_CALL) {
                break;
            }
        }
        vectorCompiled = true;
    }

    /**
     * The warm-up begins a second after the first scan, not with the process: its compilations (a second of C2 time)
     * would otherwise compete with the start-up, and with the first answers after it, for the cores.
     */
    @Override
    public void int8DotProducts(byte[] matrix, int firstRow, int count, int dim, byte[] query, int[] out) {
        if (vectorCompiled) {
            vector.int8DotProducts(matrix, firstRow, count, dim, query, out);
            return;
        }
        if (warmUpStarted.compareAndSet(false, true)) {
            Thread warmUp = new Thread(this::warmUp, "diffood-vector-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        scalar.int8DotProducts(matrix, firstRow, count, dim, query, out);
    }

    @Override
    public float l2Norm(float[] v, int off, int len) {
        return vector.l2Norm(v, off, len);
    }

    @Override
    public float l1Distance(float[] a, int aOff, float[] b, int bOff, int len) {
        return vector.l1Distance(a, aOff, b, bOff, len);
    }

    @Override
    public float max(float[] v, int off, int len) {
        return vector.max(v, off, len);
    }

    @Override
    public float logSumExp(float[] v, int off, int len) {
        return vector.logSumExp(v, off, len);
    }

    @Override
    public void scale(float[] v, int off, int len, float factor) {
        vector.scale(v, off, len, factor);
    }

    @Override
    public void normalize(float[] v, int off, int len) {
        vector.normalize(v, off, len);
    }
}
