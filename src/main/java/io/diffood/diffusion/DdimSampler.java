package io.diffood.diffusion;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic DDIM (eta = 0) with classifier-free guidance. All trajectories advance together: each
 * model call takes every unfinished trajectory, whatever its timestep, with its conditional and
 * unconditional halves in one batch of 2n.
 */
public final class DdimSampler {

    private final NoiseSchedule schedule;
    private final int stride;
    private final float guidance;
    private final int nullClass;

    /**
     * @param stride    timesteps per DDIM step (T / sample steps)
     * @param guidance  w in e = (1 + w) eps(x, t, y) - w eps(x, t, null); 0 skips the unconditional half
     * @param nullClass the label the denoiser reads as "no class"
     */
    public DdimSampler(NoiseSchedule schedule, int stride, double guidance, int nullClass) {
        if (stride < 1) {
            throw new IllegalArgumentException("DDIM stride must be at least 1, not " + stride);
        }
        this.schedule = schedule;
        this.stride = stride;
        this.guidance = (float) guidance;
        this.nullClass = nullClass;
    }

    /** Model calls (batched) needed to bring a trajectory from t to 0 with a stride (0: this sampler's). */
    public int stepsFrom(int t, int stride) {
        int s = stride > 0 ? stride : this.stride;
        return (t + s - 1) / s;
    }

    /** Denoiser evaluations, counting both guidance halves, to bring one trajectory from t to 0. */
    public int evaluationsFrom(int t) {
        return evaluationsFrom(t, 0);
    }

    private int evaluationsFrom(int t, int stride) {
        return stepsFrom(t, stride) * (guidance == 0f ? 1 : 2);
    }

    /** Denoiser evaluations for one image: {@code repeats} trajectories from each timestep. */
    public int evaluations(List<Integer> timesteps, int repeats) {
        return evaluations(timesteps, repeats, 0);
    }

    /** As {@link #evaluations(List, int)} with a stride of the request's (0: this sampler's). */
    public int evaluations(List<Integer> timesteps, int repeats, int stride) {
        return repeats * timesteps.stream().mapToInt(t -> evaluationsFrom(t, stride)).sum();
    }

    /**
     * Runs every trajectory down to t = 0, in place, dropping those abandoned on the way (their image stays where
     * it was). Returns the number of model calls made.
     */
    public int denoise(List<Trajectory> trajectories, NoisePredictor model) {
        int calls = 0;
        List<Trajectory> active = new ArrayList<>();
        while (true) {
            active.clear();
            for (Trajectory tr : trajectories) {
                if (!tr.done() && !tr.abandoned()) {
                    active.add(tr);
                }
            }
            if (active.isEmpty()) {
                return calls;
            }
            step(active, model);
            calls++;
        }
    }

    private void step(List<Trajectory> active, NoisePredictor model) {
        int n = active.size();
        int size = active.get(0).x.length;
        boolean guided = guidance != 0f;
        int rows = guided ? 2 * n : n;
        float[] x = new float[rows * size];
        int[] t = new int[rows];
        int[] y = new int[rows];
        for (int i = 0; i < n; i++) {
            Trajectory tr = active.get(i);
            System.arraycopy(tr.x, 0, x, i * size, size);
            t[i] = tr.t;
            y[i] = tr.label;
            if (guided) {
                System.arraycopy(tr.x, 0, x, (n + i) * size, size);
                t[n + i] = tr.t;
                y[n + i] = nullClass;
            }
        }
        float[] eps = model.predictNoise(x, t, y);
        if (eps.length != x.length) {
            throw new IllegalStateException("denoiser returned " + eps.length + " values for " + x.length + " inputs");
        }
        for (int i = 0; i < n; i++) {
            Trajectory tr = active.get(i);
            int next = tr.t - (tr.stride > 0 ? tr.stride : stride);
            double abar = schedule.alphaBar(tr.t);
            double abarNext = next > 0 ? schedule.alphaBar(next) : 1.0; // the last step lands on the clean image
            float sqrtAbar = (float) Math.sqrt(abar);
            float sqrtOneMinusAbar = (float) Math.sqrt(1.0 - abar);
            float sqrtAbarNext = (float) Math.sqrt(abarNext);
            float sqrtOneMinusAbarNext = (float) Math.sqrt(1.0 - abarNext);
            int c = i * size;
            int u = (n + i) * size;
            for (int k = 0; k < size; k++) {
                float e = guided ? (1f + guidance) * eps[c + k] - guidance * eps[u + k] : eps[c + k];
                float x0 = (tr.x[k] - sqrtOneMinusAbar * e) / sqrtAbar;
                tr.x[k] = sqrtAbarNext * x0 + sqrtOneMinusAbarNext * e;
            }
            tr.t = Math.max(next, 0);
        }
    }
}
