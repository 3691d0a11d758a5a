package io.diffood.score;

import java.util.List;

/**
 * The configured DDP: start timesteps and noise draws for requests that give none, DDIM steps over the whole
 * schedule, classifier-free guidance weight, the space the score measures in, and the default noise seed.
 */
public record DdpSettings(List<Integer> timesteps, int repeats, int sampleSteps, double guidance, Space space, long seed) {

    public DdpSettings {
        timesteps = List.copyOf(timesteps);
        if (sampleSteps < 1) {
            throw new IllegalArgumentException("sample steps must be at least 1, not " + sampleSteps);
        }
    }

    /** What a request without settings is scored with. */
    public ScoreSettings defaults() {
        return new ScoreSettings(timesteps, repeats, seed);
    }

    public DdpSettings withSpace(Space other) {
        return new DdpSettings(timesteps, repeats, sampleSteps, guidance, other, seed);
    }
}
