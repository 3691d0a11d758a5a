package io.diffood.detect;

import io.diffood.score.Observation;
import io.diffood.score.Space;
import io.diffood.score.vectorization.ReductionSupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The diffusion denoising process score (Liu et al. 2023): per start timestep, the mean over repeats of
 * ||n(v0) - n(v_t,r)||_1 with n(v) = v / (||v||_2 + 1e-10), v the classifier's logits (or features) on the clean image
 * and on each denoised copy; the score is the mean over the request's timesteps.
 */
public final class DdpDetector implements Detector {

    public static final String NAME = "ddp";

    private final Space space;
    private final ReductionSupport reductions;

    public DdpDetector(Space space, ReductionSupport reductions) {
        this.space = space;
        this.reductions = reductions;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "diffusion denoising process: how far the classifier's normalized " + space.name().toLowerCase()
                + " move when the image is noised to each timestep and denoised back (Liu et al. 2023)";
    }

    @Override
    public List<Integer> timesteps(List<Integer> ddpTimesteps) {
        return ddpTimesteps;
    }

    @Override
    public boolean fitted() {
        return false;
    }

    @Override
    public double score(Observation o, List<Integer> ddpTimesteps) {
        return perTimestep(o, ddpTimesteps).values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** The score of each timestep, in request order. */
    public Map<Integer, Double> perTimestep(Observation o, List<Integer> ddpTimesteps) {
        float[] ref = normalized(space == Space.LOGITS ? o.logits() : o.features());
        Map<Integer, Double> scores = new LinkedHashMap<>();
        for (int t : ddpTimesteps) {
            List<Observation.Denoised> copies = o.from(t);
            double total = 0;
            for (Observation.Denoised copy : copies) {
                float[] moved = normalized(space == Space.LOGITS ? copy.logits() : copy.features());
                total += reductions.l1Distance(ref, 0, moved, 0, ref.length);
            }
            scores.put(t, total / copies.size());
        }
        return scores;
    }

    private float[] normalized(float[] v) {
        float[] copy = v.clone();
        reductions.normalize(copy, 0, copy.length);
        return copy;
    }
}
