package io.diffood.function;

import io.diffood.score.ScoreSettings;

/** An image ready for the scorer, in the models' input shape, with its settings and how long decoding took. */
record PreparedImage(float[] input, ScoreSettings settings, double decodeMs) {
}
