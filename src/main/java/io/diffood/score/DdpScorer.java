package io.diffood.score;

import io.diffood.diffusion.DdimSampler;
import io.diffood.diffusion.DenoiserRange;
import io.diffood.diffusion.GaussianNoise;
import io.diffood.diffusion.NoisePredictor;
import io.diffood.diffusion.NoiseSchedule;
import io.diffood.diffusion.Trajectory;
import io.diffood.model.Classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The diffusion denoising process for a batch of images, up to what the models say: the classifier on the clean
 * images, then every image, timestep and repeat noised and denoised together (one denoiser call per DDIM step of the
 * longest trajectory), then the classifier on all denoised copies. Detectors score the resulting
 * {@link Observation}s; a batch that asks for no timestep costs one classifier call.
 */
public final class DdpScorer {

    /**
     * Where the time of one batch went: inside classifier calls, inside denoiser calls, and in all (the rest is
     * Java orchestration: noising, DDIM arithmetic, copies).
     */
    public record Timings(double classifierMs, double denoiserMs, double totalMs, int denoiserCalls, int batchSize) {
    }

    /** Observations in job order, with the batch's timings. */
    public record Batch(List<Observation> results, Timings timings) {
    }

    private final Classifier classifier;
    private final NoisePredictor denoiser;
    private final NoiseSchedule schedule;
    private final DdimSampler sampler;

    public DdpScorer(Classifier classifier, NoisePredictor denoiser, NoiseSchedule schedule, DdimSampler sampler) {
        this.classifier = classifier;
        this.denoiser = denoiser;
        this.schedule = schedule;
        this.sampler = sampler;
    }

    public Batch score(List<ScoreJob> jobs) {
        long start = System.nanoTime();
        int n = jobs.size();
        int size = classifier.imageShape().size();
        long[] classifierNanos = {0};
        long[] denoiserNanos = {0};
        float[] images = new float[n * size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(jobs.get(i).image(), 0, images, i * size, size);
        }
        Classifier.Outputs clean = timed(classifierNanos, () -> classifier.classify(images, n));

        int[] labels = new int[n];
        List<Trajectory> trajectories = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels[i] = argMax(clean.logits(), i * clean.numClasses(), clean.numClasses());
            ScoreSettings s = jobs.get(i).settings();
            if (s.timesteps().isEmpty()) {
                continue;
            }
            float[] x0 = DenoiserRange.fromUnit(jobs.get(i).image());
            float[][] noise = GaussianNoise.draws(s.seed(), s.repeats(), size);
            for (int t : s.timesteps()) {
                for (float[] draw : noise) { // one draw per repeat, shared by the timesteps
                    trajectories.add(Trajectory.noised(schedule, x0, draw, t, labels[i], jobs.get(i).abandoned(),
                            s.stride()));
                }
            }
        }
        int calls = 0;
        Classifier.Outputs moved = null;
        float[] denoised = new float[trajectories.size() * size];
        if (!trajectories.isEmpty()) {
            calls = sampler.denoise(trajectories, (x, t, y) -> timed(denoiserNanos, () -> denoiser.predictNoise(x, t, y)));
            for (int j = 0; j < trajectories.size(); j++) {
                float[] x = trajectories.get(j).image();
                for (int p = 0; p < size; p++) {
                    denoised[j * size + p] = DenoiserRange.toUnit(x[p]);
                }
            }
            moved = timed(classifierNanos, () -> classifier.classify(denoised, trajectories.size()));
        }

        List<Observation> results = new ArrayList<>(n);
        int row = 0;
        for (int i = 0; i < n; i++) {
            ScoreSettings s = jobs.get(i).settings();
            Map<Integer, List<Observation.Denoised>> copies = new LinkedHashMap<>();
            for (int t : s.timesteps()) {
                List<Observation.Denoised> fromT = new ArrayList<>(s.repeats());
                for (int r = 0; r < s.repeats(); r++, row++) {
                    fromT.add(new Observation.Denoised(moved.logitsOf(row), moved.featuresOf(row),
                            s.keepImages() ? Arrays.copyOfRange(denoised, row * size, (row + 1) * size) : null));
                }
                copies.put(t, List.copyOf(fromT));
            }
            results.add(new Observation(clean.logitsOf(i), clean.featuresOf(i), labels[i], s.seed(), copies,
                    sampler.evaluations(s.timesteps(), s.repeats(), s.stride())));
        }
        return new Batch(results, new Timings(classifierNanos[0] / 1e6, denoiserNanos[0] / 1e6, millisSince(start), calls, n));
    }

    /** One cheap pass through both models, so that the first real batch does not pay for graph set-up. */
    public void warmUp() {
        score(List.of(ScoreJob.of(new float[classifier.imageShape().size()], new ScoreSettings(List.of(1), 1, 0))));
    }

    /** The sampler's cost model: denoiser evaluations per image for given settings. */
    public DdimSampler sampler() {
        return sampler;
    }

    private static <T> T timed(long[] nanos, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            nanos[0] += System.nanoTime() - start;
        }
    }

    /** Index of the largest value; the first of equal ones. */
    public static int argMax(float[] v, int off, int len) {
        int best = 0;
        for (int i = 1; i < len; i++) {
            if (v[off + i] > v[off + best]) {
                best = i;
            }
        }
        return best;
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
