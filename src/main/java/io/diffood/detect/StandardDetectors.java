package io.diffood.detect;

import io.diffood.score.Space;
import io.diffood.score.vectorization.ReductionSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The detectors diffood offers: the logit baselines and the DDP always; with an OOD bundle also the fitted feature
 * detectors (KNN, Mahalanobis, residual, ViM) and KNN on denoised images, each calibrated by the bundle.
 */
public final class StandardDetectors {

    /** Where denoised KNN starts from when the bundle does not say (the validation choice for the demo models). */
    public static final int DEFAULT_DENOISED_TIMESTEP = 120;
    /** What {@link FusedFisher} combines: chosen with the {@code fusions} tool on the validation split. */
    static final List<String> FISHER_PARTS = List.of(Knn.NAME, Mahalanobis.NAME, DenoisedKnn.NAME, DenoisedShift.NAME);

    /** The bundle's provenance key for denoised KNN's start timestep. */
    public static final String DENOISED_TIMESTEP_KEY = "denoisedKnn.timestep";

    private StandardDetectors() {
    }

    /**
     * @param decision           the decision detector's name; empty: the bundle's choice, or ddp without a bundle
     * @param uncalibratedThreshold the DDP score threshold used when the DDP decides without a calibration
     */
    public static DetectorSuite suite(Optional<OodBundle> bundle, Space ddpSpace, ReductionSupport reductions,
            Optional<String> decision, double falsePositiveRate, double uncalibratedThreshold) {
        List<Detector> detectors = new ArrayList<>(LogitDetector.all(reductions));
        bundle.ifPresent(b -> detectors.addAll(fitted(b, reductions, ddpSpace)));
        detectors.add(new DdpDetector(ddpSpace, reductions));
        String decider = decision.orElse(bundle.map(OodBundle::decisionDetector).orElse(DdpDetector.NAME));
        return new DetectorSuite(detectors, bundle.map(OodBundle::calibrations).orElse(Map.of()), decider,
                falsePositiveRate, uncalibratedThreshold);
    }

    static List<Detector> fitted(OodBundle bundle, ReductionSupport reductions, Space ddpSpace) {
        FeatureStatistics stats = bundle.statistics();
        Knn knn = new Knn(stats.bank().using(reductions), bundle.k());
        List<Detector> detectors = new ArrayList<>();
        detectors.add(onFeatures(knn, "minus the cosine similarity of the features to the k-th nearest (k = "
                + bundle.k() + ") of " + stats.bank().rows() + " in-distribution training images (Sun et al. 2022)"));
        detectors.add(onFeatures(stats.mahalanobis(), "smallest Mahalanobis distance of the features to a class "
                + "mean, with a shared covariance (Lee et al. 2018)"));
        detectors.add(onFeatures(stats.residual(), "norm of the centred features outside their principal "
                + "subspace (the residual of ViM, Wang et al. 2022)"));
        bundle.vim().ifPresent(vim -> detectors.add(new FittedScore(Vim.NAME, "virtual-logit matching: the feature "
                + "residual outside the principal subspace, scaled to the logits, combined with the energy "
                + "(Wang et al. 2022)", o -> vim.score(o.features(), o.logits()))));
        DenoisedKnn denoised = new DenoisedKnn(knn, denoisedTimestep(bundle));
        detectors.add(denoised);
        detectors.add(new DenoisedShift(new DdpDetector(ddpSpace, reductions), denoised.timestep()));
        // fusions need their parts' calibrations, which a bundle being fitted does not have yet
        Map<String, Calibration> calibrations = bundle.calibrations();
        Detector clean = detectors.get(0);
        if (calibrations.containsKey(Knn.NAME) && calibrations.containsKey(DenoisedKnn.NAME)) {
            detectors.add(new FusedKnn(clean, calibrations.get(Knn.NAME), denoised, calibrations.get(DenoisedKnn.NAME)));
        }
        List<Detector> fisherParts = detectors.stream().filter(d -> FISHER_PARTS.contains(d.name())).toList();
        if (fisherParts.stream().allMatch(d -> calibrations.containsKey(d.name()))) {
            detectors.add(new FusedFisher(fisherParts, fisherParts.stream().map(d -> calibrations.get(d.name())).toList()));
        }
        return detectors;
    }

    private static Detector onFeatures(FeatureDetector detector, String description) {
        return new FittedScore(detector.name(), description, o -> detector.score(o.features()));
    }

    public static int denoisedTimestep(OodBundle bundle) {
        String value = bundle.provenance().get(DENOISED_TIMESTEP_KEY);
        return value == null ? DEFAULT_DENOISED_TIMESTEP : Integer.parseInt(value);
    }
}
