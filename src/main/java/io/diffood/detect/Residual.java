package io.diffood.detect;

import java.util.Arrays;

/**
 * The residual part of ViM (Wang et al. 2022): the norm of h - m outside the principal subspace, where m is the mean
 * of the training features and the subspace is spanned by the top d eigenvectors of their covariance. Unlike the
 * paper, the origin is the feature mean rather than -W^+ b of the classifier's last layer, so only features are
 * needed. d defaults to D / 2 ({@link #defaultPrincipalDimension}).
 */
public final class Residual implements FeatureDetector {

    public static final String NAME = "residual";

    private final float[] mean;
    private final float[] basis;
    private final int dim;
    /** The basis in doubles, once row-major (d x D) and once transposed (D x d), so both products below are axpy loops. */
    private final double[] rows;
    private final double[] columns;

    /** From stored parameters: the mean (D) and an orthonormal basis of the principal subspace (d x D, row-major). */
    public Residual(float[] mean, float[] basis, int dim) {
        if (dim < 1 || mean.length != dim || basis.length % dim != 0 || basis.length / dim >= dim) {
            throw new IllegalArgumentException("a mean of " + mean.length + " values and a basis of " + basis.length
                    + " do not fit dimension " + dim + " with a principal dimension below it");
        }
        this.mean = mean.clone();
        this.basis = basis.clone();
        this.dim = dim;
        int principal = basis.length / dim;
        rows = new double[basis.length];
        columns = new double[basis.length];
        for (int k = 0; k < principal; k++) {
            for (int j = 0; j < dim; j++) {
                rows[k * dim + j] = basis[k * dim + j];
                columns[j * principal + k] = basis[k * dim + j];
            }
        }
    }

    /** D / 2, ViM's choice for the smaller feature sizes it reports (roughly half of D). */
    public static int defaultPrincipalDimension(int dim) {
        return dim / 2;
    }

    /** The top {@code principalDimension} (in [0, D)) eigenvectors of the total covariance around the mean. */
    static Residual fit(Moments moments, int principalDimension) {
        double[] m = moments.mean();
        int dim = m.length;
        if (principalDimension < 0 || principalDimension >= dim) {
            throw new IllegalArgumentException("principal dimension " + principalDimension + " outside [0, " + dim + ")");
        }
        double[][] vectors = EigenDecomposition.of(moments.totalCovariance()).vectors();
        float[] basis = new float[principalDimension * dim];
        for (int k = 0; k < principalDimension; k++) {
            for (int j = 0; j < dim; j++) {
                basis[k * dim + j] = (float) vectors[k][j];
            }
        }
        float[] mean = new float[dim];
        for (int j = 0; j < dim; j++) {
            mean[j] = (float) m[j];
        }
        return new Residual(mean, basis, dim);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** ||(h - m) - B^T B (h - m)||, computed as the residual vector, not as a difference of squared norms. */
    @Override
    public double score(float[] features) {
        if (features.length != dim) {
            throw new IllegalArgumentException("features have " + features.length + " values, expected " + dim);
        }
        int principal = principalDimension();
        double[] residual = new double[dim];
        double[] coefficients = new double[principal];
        for (int j = 0; j < dim; j++) {
            residual[j] = (double) features[j] - mean[j];
            double xj = residual[j];
            for (int k = 0; k < principal; k++) {
                coefficients[k] += columns[j * principal + k] * xj;
            }
        }
        for (int k = 0; k < principal; k++) {
            double ck = coefficients[k];
            for (int j = 0; j < dim; j++) {
                residual[j] -= ck * rows[k * dim + j];
            }
        }
        double squares = 0;
        for (double r : residual) {
            squares += r * r;
        }
        return Math.sqrt(squares);
    }

    public int dim() {
        return dim;
    }

    public int principalDimension() {
        return basis.length / dim;
    }

    public float[] mean() {
        return mean.clone();
    }

    /** d x D, row-major, orthonormal rows (to float precision). */
    public float[] basis() {
        return basis.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Residual other && dim == other.dim && Arrays.equals(mean, other.mean)
                && Arrays.equals(basis, other.basis);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(basis);
    }

    @Override
    public String toString() {
        return "Residual[dim " + dim + ", principal " + principalDimension() + "]";
    }
}
