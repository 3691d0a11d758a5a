package io.diffood.detect;

import java.util.List;

/** Everything the feature detectors learn from the in-distribution training features, fitted in one call. */
public record FeatureStatistics(FeatureBank bank, Mahalanobis mahalanobis, Residual residual) {

    public FeatureStatistics {
        if (bank.dim() != mahalanobis.dim() || bank.dim() != residual.dim()) {
            throw new IllegalArgumentException("dimensions differ: bank " + bank.dim() + ", Mahalanobis "
                    + mahalanobis.dim() + ", residual " + residual.dim());
        }
    }

    /** {@link #fit(float[][], int[], int, double, int)} with the default shrinkage and principal dimension. */
    public static FeatureStatistics fit(float[][] features, int[] labels, int numClasses) {
        int dim = features.length == 0 ? 0 : features[0].length;
        return fit(features, labels, numClasses, Mahalanobis.DEFAULT_SHRINKAGE, Residual.defaultPrincipalDimension(dim));
    }

    /**
     * Fits on raw (not normalized) features h, n x D, with class labels in [0, numClasses): the KNN bank (keeping the
     * labels), Mahalanobis' class means and shared precision, the residual's mean and principal basis.
     */
    public static FeatureStatistics fit(float[][] features, int[] labels, int numClasses, double shrinkage,
                                        int principalDimension) {
        Moments moments = Moments.of(features, labels, numClasses);
        return new FeatureStatistics(FeatureBank.of(features, labels), Mahalanobis.fit(moments, shrinkage),
                Residual.fit(moments, principalDimension));
    }

    /** The three feature detectors, KNN with the given k. */
    public List<FeatureDetector> detectors(int k) {
        return List.of(new Knn(bank, k), mahalanobis, residual);
    }
}
