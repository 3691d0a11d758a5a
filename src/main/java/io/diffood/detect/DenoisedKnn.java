package io.diffood.detect;

import io.diffood.score.Observation;

import java.util.List;

/**
 * KNN on the features of the image after the diffusion denoising process from one timestep: the mean over repeats
 * of the KNN score of each denoised copy. Denoising from a small t removes the small perturbations that fool the
 * classifier's features (attacks), while an OOD image is pulled towards the training data and still lands far
 * from it in feature space.
 */
record DenoisedKnn(Knn knn, int timestep) implements Detector {

    static final String NAME = "denoisedKnn";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "KNN (k = " + knn.k() + ") on the features of the image noised to t = " + timestep
                + " and denoised back, mean over repeats: robust to perturbations that fool plain KNN";
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
        List<Observation.Denoised> copies = o.from(timestep);
        double sum = 0;
        for (Observation.Denoised copy : copies) {
            sum += knn.score(copy.features());
        }
        return sum / copies.size();
    }
}
