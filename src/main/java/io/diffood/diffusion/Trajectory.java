package io.diffood.diffusion;

import java.util.function.BooleanSupplier;

/**
 * One image on its way back from noise: the current x_t (flattened HWC, in [-1, 1] units), the current
 * timestep, and the class that guides it. Timestep 0 means done: x then holds the clean estimate.
 */
public final class Trajectory {

    final float[] x;
    final int label;
    final BooleanSupplier abandoned;
    /** Timesteps per DDIM step; 0: the sampler's own. */
    final int stride;
    int t;

    private Trajectory(float[] x, int t, int label, BooleanSupplier abandoned, int stride) {
        this.x = x;
        this.t = t;
        this.label = label;
        this.abandoned = abandoned;
        this.stride = stride;
    }

    /** Forward noising of a clean image x0: x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) noise. */
    public static Trajectory noised(NoiseSchedule schedule, float[] x0, float[] noise, int t, int label) {
        return noised(schedule, x0, noise, t, label, () -> false, 0);
    }

    /**
     * As {@link #noised(NoiseSchedule, float[], float[], int, int)}; the sampler drops it once abandoned, and takes
     * {@code stride} timesteps per DDIM step (0: the sampler's own; t or more: one step, the x0 estimate).
     */
    public static Trajectory noised(NoiseSchedule schedule, float[] x0, float[] noise, int t, int label,
            BooleanSupplier abandoned, int stride) {
        double abar = schedule.alphaBar(t);
        float a = (float) Math.sqrt(abar);
        float b = (float) Math.sqrt(1.0 - abar);
        float[] x = new float[x0.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = a * x0[i] + b * noise[i];
        }
        return new Trajectory(x, t, label, abandoned, stride);
    }

    /** Starts from an x_t given as is (the caller already noised it). */
    public static Trajectory at(float[] xt, int t, int label) {
        return new Trajectory(xt.clone(), t, label, () -> false, 0);
    }

    public boolean done() {
        return t == 0;
    }

    /** Nobody waits for this image's score any more: no further denoiser work is spent on it. */
    public boolean abandoned() {
        return abandoned.getAsBoolean();
    }

    /** The current image; after denoising, the clean estimate. */
    public float[] image() {
        return x;
    }
}
