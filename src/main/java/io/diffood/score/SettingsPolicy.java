package io.diffood.score;

import java.util.List;

/**
 * Turns what a request asks for into the settings it is scored with: the configured defaults fill what it does
 * not say, and the limits bound what it may cost.
 */
public record SettingsPolicy(DdpSettings defaults, int scheduleSteps, int maxTimesteps, int maxRepeats,
        int maxDenoiserCalls) {

    /** Refuses settings whose denoising costs more than the limit. */
    public void requireAffordable(ScoreSettings settings, DdpSetup evaluations) {
        if (evaluations.evaluations(settings) > maxDenoiserCalls) {
            throw new InvalidSettingsException("too_much_work", "these settings need " + evaluations.evaluations(settings)
                    + " denoiser evaluations per image; the limit is " + maxDenoiserCalls
                    + " (diffood.limits.max-denoiser-calls)");
        }
    }

    /**
     * The DDP settings a request asks for, defaults filling what it does not say; refused beyond the limits.
     * {@code sampleSteps}: DDIM steps over the whole schedule (1: every trajectory in one step, the x0 estimate).
     */
    public ScoreSettings resolve(Long seed, List<Integer> timesteps, Integer repeats, Integer sampleSteps) {
        if (sampleSteps != null && (sampleSteps < 1 || sampleSteps > scheduleSteps)) {
            throw new InvalidSettingsException("invalid_sample_steps", "sampleSteps must be 1 to " + scheduleSteps
                    + ", not " + sampleSteps);
        }
        List<Integer> ts = timesteps == null ? defaults.timesteps() : timesteps;
        int r = repeats == null ? defaults.repeats() : repeats;
        if (ts.isEmpty() || ts.size() > maxTimesteps) {
            throw new InvalidSettingsException("invalid_timesteps", "give 1 to " + maxTimesteps
                    + " timesteps (diffood.limits.max-timesteps), not " + ts.size());
        }
        for (Integer t : ts) {
            if (t == null || t <= 0 || t >= scheduleSteps) {
                throw new InvalidSettingsException("invalid_timesteps", "timestep " + t + " is outside (0, " + scheduleSteps + ")");
            }
        }
        if (ts.stream().distinct().count() != ts.size()) {
            throw new InvalidSettingsException("invalid_timesteps", "timesteps " + ts + " repeat a value");
        }
        if (r < 1 || r > maxRepeats) {
            throw new InvalidSettingsException("invalid_repeats", "repeats must be 1 to " + maxRepeats
                    + " (diffood.limits.max-repeats), not " + r);
        }
        int stride = sampleSteps == null ? 0 : Math.max(1, scheduleSteps / sampleSteps);
        return new ScoreSettings(ts, r, seed == null ? defaults.seed() : seed, false, stride);
    }
}
