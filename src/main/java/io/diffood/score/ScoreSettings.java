package io.diffood.score;

import java.util.List;

/**
 * Per-image work: the start timesteps to noise and denoise from (none for one-pass detectors), the noise draws per
 * timestep, the noise seed, whether the denoised images are kept (for explanations), and the DDIM stride (timesteps
 * per step; 0: the configured one; t or more: a single step, the x0 estimate).
 */
public record ScoreSettings(List<Integer> timesteps, int repeats, long seed, boolean keepImages, int stride) {

    public ScoreSettings {
        timesteps = List.copyOf(timesteps);
    }

    public ScoreSettings(List<Integer> timesteps, int repeats, long seed) {
        this(timesteps, repeats, seed, false, 0);
    }

    public ScoreSettings withSeed(long other) {
        return new ScoreSettings(timesteps, repeats, other, keepImages, stride);
    }

    /** The same work from other timesteps. */
    public ScoreSettings withTimesteps(List<Integer> other) {
        return new ScoreSettings(other, repeats, seed, keepImages, stride);
    }
}
