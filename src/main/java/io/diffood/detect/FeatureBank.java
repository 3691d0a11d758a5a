package io.diffood.detect;

import io.diffood.score.vectorization.Int8Quantizer;
import io.diffood.score.vectorization.Neighbour;
import io.diffood.score.vectorization.ReductionProvider;
import io.diffood.score.vectorization.ReductionSupport;
import io.diffood.score.vectorization.TopK;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The KNN bank: the directions of N in-distribution features as int8 codes with one float scale per row
 * ({@link Int8Quantizer}), and optionally their class labels. The similarity of a query to row r is
 * {@code (float) dot(codes_q, codes_r) * scale_q * scale_r}, the cosine similarity up to quantization; the
 * integer dot product is exact, so the result does not depend on the {@link ReductionSupport} used.
 */
public final class FeatureBank {

    /** Rows per call of the dot-product kernel: the block's products stay in L1 until the top-k reads them. */
    private static final int BLOCK_ROWS = 1024;
    /** Largest dimension whose int8 dot products cannot overflow an int: 127 * 127 * dim < 2^31. */
    static final int MAX_DIM = Integer.MAX_VALUE / (127 * 127);

    private final byte[] codes;
    private final float[] scales;
    private final int[] labels;
    private final int dim;
    private final ReductionSupport reductions;

    private FeatureBank(byte[] codes, float[] scales, int[] labels, int dim, ReductionSupport reductions) {
        this.codes = codes;
        this.scales = scales;
        this.labels = labels;
        this.dim = dim;
        this.reductions = reductions;
    }

    /** Quantizes the directions of {@code features} (any norm; rows are normalized here, zero rows stay zero). */
    public static FeatureBank of(float[][] features) {
        return of(features, null);
    }

    /** As {@link #of(float[][])}, keeping each row's class label (null: none) for explanations. */
    public static FeatureBank of(float[][] features, int[] labels) {
        if (features.length == 0) {
            throw new IllegalArgumentException("the feature bank needs at least one row");
        }
        int dim = features[0].length;
        byte[] codes = new byte[Math.multiplyExact(features.length, dim)];
        float[] scales = new float[features.length];
        for (int r = 0; r < features.length; r++) {
            if (features[r].length != dim) {
                throw new IllegalArgumentException("row " + r + " has " + features[r].length + " values, row 0 has " + dim);
            }
            scales[r] = Int8Quantizer.quantizeDirection(features[r], codes, r * dim);
        }
        return ofCodes(codes, scales, labels == null ? null : labels.clone(), dim);
    }

    /** A bank from stored codes (row-major, rows x dim) and row scales; labels may be null. Takes the arrays as they are. */
    public static FeatureBank ofCodes(byte[] codes, float[] scales, int[] labels, int dim) {
        if (dim < 1 || dim > MAX_DIM) {
            throw new IllegalArgumentException("dimension " + dim + " outside [1, " + MAX_DIM + "]");
        }
        if (scales.length == 0 || codes.length != (long) scales.length * dim) {
            throw new IllegalArgumentException(codes.length + " codes do not make " + scales.length + " rows of " + dim);
        }
        if (labels != null && labels.length != scales.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + scales.length + " rows");
        }
        return new FeatureBank(codes, scales, labels, dim, ReductionProvider.get());
    }

    /** The same bank, scanned with the given implementation (tests and benchmarks compare them). */
    public FeatureBank using(ReductionSupport reductions) {
        return new FeatureBank(codes, scales, labels, dim, reductions);
    }

    public int rows() {
        return scales.length;
    }

    /** The first {@code n} rows as a bank of their own (e.g. the rows a bundle keeps thumbnails of). */
    public FeatureBank head(int n) {
        if (n < 1 || n > rows()) {
            throw new IllegalArgumentException("cannot take " + n + " of " + rows() + " rows");
        }
        return new FeatureBank(Arrays.copyOf(codes, n * dim), Arrays.copyOf(scales, n),
                labels == null ? null : Arrays.copyOf(labels, n), dim, reductions);
    }

    /** The class label of a row, if the bank keeps labels. */
    public OptionalInt label(int row) {
        return labels == null ? OptionalInt.empty() : OptionalInt.of(labels[row]);
    }

    public int dim() {
        return dim;
    }

    public byte[] codes() {
        return codes.clone();
    }

    public float[] scales() {
        return scales.clone();
    }

    public Optional<int[]> labels() {
        return Optional.ofNullable(labels).map(int[]::clone);
    }

    /**
     * The similarity of the k-th most similar row to the query's direction. When k exceeds the number of rows
     * the last one (the N-th, least similar) counts; KNN's score is minus this.
     */
    public double kthSimilarity(float[] query, int k) {
        return nearest(query, k).lowestKept();
    }

    /** The min(k, N) rows most similar to the query, most similar first; equal similarities by ascending index. */
    public List<Neighbour> neighbours(float[] query, int k) {
        return List.of(nearest(query, k).sorted());
    }

    /**
     * {@link #kthSimilarity} of several queries in one pass over the bank, each block of rows read once for all of
     * them. Measured on the demo bank (7 MB, held in cache) it is no faster than one query at a time, as the scan is
     * bound by arithmetic, not memory; it would matter for banks that do not fit the cache.
     */
    public double[] kthSimilarities(float[][] queries, int k) {
        TopK[] nearest = nearest(queries, k);
        double[] similarities = new double[queries.length];
        for (int q = 0; q < queries.length; q++) {
            similarities[q] = nearest[q].lowestKept();
        }
        return similarities;
    }

    private TopK nearest(float[] query, int k) {
        return nearest(new float[][] {query}, k)[0];
    }

    private TopK[] nearest(float[][] queries, int k) {
        byte[][] queryCodes = new byte[queries.length][dim];
        float[] queryScales = new float[queries.length];
        TopK[] top = new TopK[queries.length];
        for (int q = 0; q < queries.length; q++) {
            if (queries[q].length != dim) {
                throw new IllegalArgumentException("query has " + queries[q].length + " values, the bank " + dim);
            }
            queryScales[q] = Int8Quantizer.quantizeDirection(queries[q], queryCodes[q], 0);
            top[q] = new TopK(Math.min(k, rows()));
        }
        int[] dots = new int[Math.min(BLOCK_ROWS, rows())];
        for (int first = 0; first < rows(); first += BLOCK_ROWS) {
            int count = Math.min(BLOCK_ROWS, rows() - first);
            for (int q = 0; q < queries.length; q++) {
                reductions.int8DotProducts(codes, first, count, dim, queryCodes[q], dots);
                for (int j = 0; j < count; j++) {
                    top[q].offer(first + j, (float) dots[j] * queryScales[q] * scales[first + j]);
                }
            }
        }
        return top;
    }

    /** Equal codes, scales, labels and dimension; the reduction implementation does not count. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureBank other && dim == other.dim && Arrays.equals(codes, other.codes)
                && Arrays.equals(scales, other.scales) && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(scales) + dim;
    }

    @Override
    public String toString() {
        return "FeatureBank[" + rows() + " x " + dim + (labels == null ? "" : ", labelled") + "]";
    }
}
