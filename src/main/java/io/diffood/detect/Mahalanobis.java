package io.diffood.detect;

import java.util.Arrays;

/**
 * Mahalanobis distance to the nearest class (Lee et al. 2018) on the raw features h: min_c (h - mu_c)^T P (h - mu_c)
 * with the class means mu_c and one precision P = (S + lambda I)^-1 of the shared within-class covariance S.
 * The shrinkage lambda = shrinkage * trace(S) / D keeps P finite when S is singular (a constant feature, fewer
 * images than dimensions); a deviation along such a direction then costs a lot instead of nothing, as a
 * pseudo-inverse would have it.
 */
public final class Mahalanobis implements FeatureDetector {

    public static final String NAME = "mahalanobis";
    /** Relative to the mean variance; small enough not to matter for a well-conditioned S. */
    public static final double DEFAULT_SHRINKAGE = 1e-6;

    private final float[] classMeans;
    private final double[] precision;
    private final int dim;
    /** P^T mu_c per class (K x D): with it a query needs one matrix-vector product, not one per class. */
    private final double[] precisionTimesMeans;

    /** From stored parameters: class means (K x D, row-major) and the precision (D x D, row-major). */
    public Mahalanobis(float[] classMeans, double[] precision, int dim) {
        if (dim < 1 || precision.length != dim * dim || classMeans.length == 0 || classMeans.length % dim != 0) {
            throw new IllegalArgumentException("class means of " + classMeans.length + " values and a precision of "
                    + precision.length + " do not fit dimension " + dim);
        }
        this.classMeans = classMeans.clone();
        this.precision = precision.clone();
        this.dim = dim;
        precisionTimesMeans = new double[classMeans.length];
        double[] mean = new double[dim];
        for (int c = 0; c < classes(); c++) {
            for (int j = 0; j < dim; j++) {
                mean[j] = classMeans[c * dim + j];
            }
            System.arraycopy(transposedProduct(mean), 0, precisionTimesMeans, c * dim, dim);
        }
    }

    static Mahalanobis fit(Moments moments, double shrinkage) {
        double[][] means = moments.classMeans();
        int dim = moments.mean().length;
        float[] flatMeans = new float[means.length * dim];
        for (int c = 0; c < means.length; c++) {
            for (int j = 0; j < dim; j++) {
                flatMeans[c * dim + j] = (float) means[c][j];
            }
        }
        double[][] p = precision(moments.withinClassCovariance(), shrinkage);
        double[] flatPrecision = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            System.arraycopy(p[i], 0, flatPrecision, i * dim, dim);
        }
        return new Mahalanobis(flatMeans, flatPrecision, dim);
    }

    /**
     * (S + lambda I)^-1 with lambda = shrinkage * trace(S) / D (or shrinkage itself when S is zero), via the
     * eigendecomposition; eigenvalues below zero, which only rounding makes, count as zero.
     */
    public static double[][] precision(double[][] covariance, double shrinkage) {
        if (!(shrinkage > 0)) {
            throw new IllegalArgumentException("shrinkage must be positive, got " + shrinkage);
        }
        double trace = 0;
        for (int i = 0; i < covariance.length; i++) {
            trace += covariance[i][i];
        }
        double lambda = trace > 0 ? shrinkage * trace / covariance.length : shrinkage;
        return EigenDecomposition.of(covariance).apply(value -> 1 / (Math.max(value, 0) + lambda));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double score(float[] features) {
        if (features.length != dim) {
            throw new IllegalArgumentException("features have " + features.length + " values, expected " + dim);
        }
        double[] h = new double[dim];
        for (int j = 0; j < dim; j++) {
            h[j] = features[j];
        }
        // d^T P d = d . (P^T h - P^T mu_c), which equals d^T P d for any P, symmetric to the last bit or not
        double[] ph = transposedProduct(h);
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < classes(); c++) {
            double sum = 0;
            for (int j = 0; j < dim; j++) {
                sum += (h[j] - classMeans[c * dim + j]) * (ph[j] - precisionTimesMeans[c * dim + j]);
            }
            best = Math.min(best, sum);
        }
        return best;
    }

    /** P^T x as a sum of rows of P scaled by x_j: the inner loop is an axpy, which the JIT vectorizes. */
    private double[] transposedProduct(double[] x) {
        double[] product = new double[dim];
        for (int j = 0; j < dim; j++) {
            double xj = x[j];
            if (xj == 0) {
                continue; // ReLU features are often 0
            }
            int row = j * dim;
            for (int i = 0; i < dim; i++) {
                product[i] += precision[row + i] * xj;
            }
        }
        return product;
    }

    public int classes() {
        return classMeans.length / dim;
    }

    public int dim() {
        return dim;
    }

    /** K x D, row-major. */
    public float[] classMeans() {
        return classMeans.clone();
    }

    /** D x D, row-major. */
    public double[] precision() {
        return precision.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mahalanobis other && dim == other.dim && Arrays.equals(classMeans, other.classMeans)
                && Arrays.equals(precision, other.precision);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(classMeans) + Arrays.hashCode(precision);
    }

    @Override
    public String toString() {
        return "Mahalanobis[" + classes() + " classes, dim " + dim + "]";
    }
}
