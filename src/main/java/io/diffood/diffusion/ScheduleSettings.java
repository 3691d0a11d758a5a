package io.diffood.diffusion;

/** A DDPM noise schedule as the denoiser was trained with it: T steps, and for linear betas their two ends. */
public record ScheduleSettings(Type type, int steps, double betaStart, double betaEnd) {

    /** How the betas are spaced. */
    public enum Type {
        LINEAR, COSINE
    }

    /** Ho et al.'s schedule, used by the demo denoiser and the function's default: T = 1000, betas 1e-4 to 0.02. */
    public static final ScheduleSettings DDPM_LINEAR = new ScheduleSettings(Type.LINEAR, 1000, 1e-4, 0.02);

    public ScheduleSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("a schedule needs at least one step, not " + steps);
        }
    }

    public NoiseSchedule create() {
        return NoiseSchedule.of(this);
    }
}
