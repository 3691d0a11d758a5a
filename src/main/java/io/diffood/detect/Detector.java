package io.diffood.detect;

import io.diffood.score.Observation;

import java.util.List;

/** One OOD score of an image; higher = more OOD. Implementations are immutable and thread-safe. */
public interface Detector {

    /** The name in requests, answers, bundles and configuration, e.g. {@code knn}. */
    String name();

    /** One sentence for {@code GET /detectors}. */
    String description();

    /**
     * The start timesteps this detector needs denoised copies from, given the DDP timesteps of the request; empty
     * for a one-pass detector (one classifier pass, no denoiser).
     */
    List<Integer> timesteps(List<Integer> ddpTimesteps);

    /** Whether it needs the fitted OOD bundle (feature statistics); such detectors exist only with one. */
    boolean fitted();

    double score(Observation observation, List<Integer> ddpTimesteps);
}
