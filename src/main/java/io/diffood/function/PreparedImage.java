package io.diffood.function;

import io.diffood.score.ScoreSettings;

import java.util.List;

/**
 * An image ready for the scorer, in the models' input shape: the pipeline's work ({@code settings}: every timestep
 * some selected detector or the explanation needs), the detectors to report, the DDP's own timesteps, whether to
 * explain, and how long decoding took.
 */
record PreparedImage(float[] input, ScoreSettings settings, List<String> detectors, List<Integer> ddpTimesteps,
        boolean explain, double decodeMs) {
}
