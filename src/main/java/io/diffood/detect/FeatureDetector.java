package io.diffood.detect;

/** An OOD score from the classifier's feature vector h alone; higher = more OOD. Implementations are thread-safe. */
public interface FeatureDetector {

    /** The name used in bundles, answers and configuration, e.g. {@code knn}. */
    String name();

    double score(float[] features);
}
