package io.diffood.detect;

/** Deep nearest neighbours (Sun et al. 2022): minus the cosine similarity to the k-th most similar bank row. */
public record Knn(FeatureBank bank, int k) implements FeatureDetector {

    public static final String NAME = "knn";

    public Knn {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double score(float[] features) {
        return -bank.kthSimilarity(features, k);
    }
}
