package io.diffood.score;

import java.util.List;

/**
 * Per-image work: the start timesteps to noise and denoise from (none for one-pass detectors), the noise draws per
 * timestep, the noise seed, and whether the denoised images are kept (for explanations).
 */
public record ScoreSettings(List<Integer> timesteps, int repeats, long seed, boolean keepImages) {

    public ScoreSettings {
        timesteps = List.copyOf(timesteps);
    }

    public ScoreSettings(List<Integer> timesteps, int repeats, long seed) {
        this(timesteps, repeats, seed, false);
    }

    public ScoreSettings withSeed(long other) {
        return new ScoreSettings(timesteps, repeats, other, keepImages);
    }

    /** The same work from other timesteps. */
    public ScoreSettings withTimesteps(List<Integer> other) {
        return new ScoreSettings(other, repeats, seed, keepImages);
    }
}
