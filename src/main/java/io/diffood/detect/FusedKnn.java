package io.diffood.detect;

import io.diffood.score.Observation;

import java.util.List;

/**
 * The larger of KNN's z-scores on the clean image and on its denoised copies, each standardized on in-distribution
 * validation scores: as sharp as KNN on natural OOD images, and an attack that fools the clean features still has to
 * get past the denoised ones.
 */
record FusedKnn(Detector clean, Calibration cleanCalibration, Detector denoised, Calibration denoisedCalibration)
        implements Detector {

    static final String NAME = "fusedKnn";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "max of the z-scores of knn and denoisedKnn (standardized on in-distribution validation scores)";
    }

    @Override
    public List<Integer> timesteps(List<Integer> ddpTimesteps) {
        return denoised.timesteps(ddpTimesteps);
    }

    @Override
    public boolean fitted() {
        return true;
    }

    @Override
    public double score(Observation o, List<Integer> ddpTimesteps) {
        return Fusion.maxOf(cleanCalibration.zScore(clean.score(o, ddpTimesteps)),
                denoisedCalibration.zScore(denoised.score(o, ddpTimesteps)));
    }
}
