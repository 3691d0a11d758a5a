package io.diffood.bench;

import io.diffood.detect.FeatureBank;
import io.diffood.score.vectorization.ReductionProvider;
import io.diffood.score.vectorization.ReductionSupport;
import io.diffood.score.vectorization.TopK;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The KNN score of one query against the demo-sized bank (55,000 x 128, k = 50), scalar against Vector API:
 * the int8 bank with its top-k (what {@link FeatureBank} does), the int8 dot products alone, a batch of queries per
 * bank pass, and float32 brute force as the reference point. Features are non-negative, like ReLU outputs.
 * Run: ./mvnw -q test-compile, then org.openjdk.jmh.Main io.diffood.bench.KnnBenchmark on the test class path with
 * --add-modules=jdk.incubator.vector (as exec:exec@bench-reductions does for ReductionBenchmark).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class KnnBenchmark {

    private static final int ROWS = 55_000;
    private static final int DIM = 128;
    private static final int K = 50;
    private static final int BATCH = 8;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    @Param({"scalar", "panama"})
    String impl;

    private ReductionSupport reductions;
    private boolean vectorized;
    private FeatureBank bank;
    private byte[] codes;
    private byte[] queryCodes;
    private int[] dots;
    private float[] unitRows;
    private float[] query;
    private float[][] queries;
    private float[] similarities;

    @Setup
    public void setUp() {
        vectorized = impl.equals("panama");
        reductions = vectorized ? ReductionProvider.panama() : ReductionProvider.scalar();
        Random random = new Random(1);
        float[][] features = new float[ROWS][];
        unitRows = new float[ROWS * DIM];
        for (int r = 0; r < ROWS; r++) {
            features[r] = reluLike(random);
            System.arraycopy(unit(features[r]), 0, unitRows, r * DIM, DIM);
        }
        bank = FeatureBank.of(features).using(reductions);
        codes = bank.codes();
        queryCodes = new byte[DIM];
        System.arraycopy(codes, 0, queryCodes, 0, DIM);
        dots = new int[ROWS];
        query = unit(reluLike(random));
        queries = new float[BATCH][];
        for (int q = 0; q < BATCH; q++) {
            queries[q] = unit(reluLike(random));
        }
        similarities = new float[ROWS];
    }

    /** What a KNN score costs per image: quantize the query, dot products, top-k. */
    @Benchmark
    public double knnInt8() {
        return bank.kthSimilarity(query, K);
    }

    /** Per query, in a batch of 8 queries sharing each pass over the bank. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double[] knnInt8Batch() {
        return bank.kthSimilarities(queries, K);
    }

    /** The kernel alone, all rows in one call. */
    @Benchmark
    public int[] int8DotProducts() {
        reductions.int8DotProducts(codes, 0, ROWS, DIM, queryCodes, dots);
        return dots;
    }

    /** Float32 brute force: the reference point int8 has to beat (float dot products, then the same top-k). */
    @Benchmark
    public float knnFloat32() {
        for (int r = 0; r < ROWS; r++) {
            similarities[r] = vectorized ? vectorDot(r * DIM) : scalarDot(r * DIM);
        }
        TopK top = new TopK(K);
        for (int r = 0; r < ROWS; r++) {
            top.offer(r, similarities[r]);
        }
        return top.lowestKept();
    }

    private float scalarDot(int offset) {
        float sum = 0;
        for (int i = 0; i < DIM; i++) {
            sum += unitRows[offset + i] * query[i];
        }
        return sum;
    }

    private float vectorDot(int offset) {
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int i = 0; i < DIM; i += FLOATS.length()) { // DIM is a multiple of every species length
            acc = FloatVector.fromArray(FLOATS, unitRows, offset + i).fma(FloatVector.fromArray(FLOATS, query, i), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private static float[] reluLike(Random random) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) Math.max(0, random.nextGaussian());
        }
        return v;
    }

    private static float[] unit(float[] v) {
        double squares = 0;
        for (float x : v) {
            squares += x * x;
        }
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = (float) (v[i] / Math.sqrt(squares));
        }
        return u;
    }
}
