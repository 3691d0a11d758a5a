package io.diffood.detect;

import io.diffood.score.Observation;

import java.util.List;

/**
 * The DDP score from denoised KNN's one start timestep: how far the classifier's normalized outputs (logits by
 * default) move on the copies that detector denoises anyway, so it costs no denoiser evaluation of its own. Weak on digits, sharp on photos and
 * noise, where the denoised features are weakest: a part for fusions.
 */
record DenoisedShift(DdpDetector ddp, int timestep) implements Detector {

    static final String NAME = "denoisedShift";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the ddp score from t = " + timestep + " alone, on the copies denoisedKnn denoises (no denoiser work of "
                + "its own)";
    }

    @Override
    public List<Integer> timesteps(List<Integer> ddpTimesteps) {
        return List.of(timestep);
    }

    @Override
    public boolean fitted() {
        return true;
    }

    @Override
    public double score(Observation o, List<Integer> ddpTimesteps) {
        return ddp.perTimestep(o, List.of(timestep)).get(timestep);
    }
}
