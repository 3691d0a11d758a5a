package io.diffood.detect;

import io.diffood.score.Observation;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** A one-pass detector fitted by the OOD bundle (KNN, Mahalanobis, residual, ViM) on the clean image's outputs. */
record FittedScore(String name, String description, ToDoubleFunction<Observation> scoring) implements Detector {

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
        return scoring.applyAsDouble(o);
    }
}
