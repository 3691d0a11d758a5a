package io.diffood.tools.attack;

import java.util.List;

/** What a black-box attacker can query: a score per image (higher = more OOD), in batches. */
interface ScoreOracle {

    double[] scores(List<float[]> images);

    /** Queries answered so far (each averaged copy counts). */
    long queries();

    /** Guided denoiser evaluations those queries cost the function. */
    long evaluations();
}
