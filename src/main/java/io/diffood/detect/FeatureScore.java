package io.diffood.detect;

import io.diffood.score.Observation;

import java.util.List;

/** A fitted feature detector (KNN, Mahalanobis, residual) on the classifier's features of the clean image. */
record FeatureScore(FeatureDetector detector, String description) implements Detector {

    @Override
    public String name() {
        return detector.name();
    }

    @Override
    public List<Integer> timesteps(List<Integer> ddpTimesteps) {
        return List.of();
    }

    @Override
    public boolean fitted() {
        return true;
    }

    @Override
    public double score(Observation o, List<Integer> ddpTimesteps) {
        return detector.score(o.features());
    }
}
