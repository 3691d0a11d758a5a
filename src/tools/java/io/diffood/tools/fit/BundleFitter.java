package io.diffood.tools.fit;

import io.diffood.detect.Calibration;
import io.diffood.detect.Detector;
import io.diffood.detect.DetectorSuite;
import io.diffood.detect.FeatureStatistics;
import io.diffood.detect.Knn;
import io.diffood.detect.ModelHashes;
import io.diffood.detect.OodBundle;
import io.diffood.detect.StandardDetectors;
import io.diffood.detect.Thumbnails;
import io.diffood.detect.Vim;
import io.diffood.model.ImageShape;
import io.diffood.model.ModelSet;
import io.diffood.model.ModelSetSpec;
import io.diffood.score.DdpScorer;
import io.diffood.score.DdpSettings;
import io.diffood.score.Observation;
import io.diffood.score.ScoreJob;
import io.diffood.score.ScoreSettings;
import io.diffood.score.vectorization.ReductionProvider;
import io.diffood.tools.Progress;
import me.tongfei.progressbar.ProgressBar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Fits the OOD bundle: the classifier's features of the training images become the KNN bank and the Mahalanobis and
 * residual statistics; every detector is then scored on held-out in-distribution validation images, which calibrates
 * its p-values. Denoiser-based detectors are calibrated on the first {@code denoisedValidation} images only (they
 * cost denoiser work per image); the decision detector is the caller's choice (made by evaluation on the
 * validation split).
 */
public final class BundleFitter {

    /** What to fit and how. */
    public record Options(int k, int denoisedTimestep, int denoisedValidation, int thumbnails, String decision,
            DdpSettings ddp, int batch, Map<String, String> provenance) {
    }

    private final ModelSet models;
    private final ModelSetSpec spec;
    private final DdpScorer scorer;

    public BundleFitter(ModelSet models, ModelSetSpec spec, DdpScorer scorer) {
        this.models = models;
        this.spec = spec;
        this.scorer = scorer;
    }

    public OodBundle fit(TrainingImages train, TrainingImages validation, Options options) {
        int classes = models.classifier().numClasses();
        List<Observation> trained = observe("bank features", train.images(), List.of(), options);
        float[][] features = trained.stream().map(Observation::features).toArray(float[][]::new);
        FeatureStatistics statistics = FeatureStatistics.fit(features, train.labels(), classes);
        double[] maxLogits = trained.stream().mapToDouble(o -> max(o.logits())).toArray();
        double[] residuals = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            residuals[i] = statistics.residual().score(features[i]);
        }
        OptionalDouble vimAlpha = OptionalDouble.of(Vim.fitAlpha(maxLogits, residuals));

        Map<String, String> provenance = new LinkedHashMap<>(options.provenance());
        provenance.put(StandardDetectors.DENOISED_TIMESTEP_KEY, Integer.toString(options.denoisedTimestep()));
        provenance.put("bank", train.description());
        provenance.put("validation", validation.description());
        provenance.put("validation.denoised", "first " + Math.min(options.denoisedValidation(), validation.size())
                + " validation images, DDP timesteps " + options.ddp().timesteps() + ", repeats "
                + options.ddp().repeats() + ", sample steps " + options.ddp().sampleSteps() + ", guidance "
                + options.ddp().guidance() + ", noise seed " + options.ddp().seed());
        if (!train.classNames().isEmpty()) {
            provenance.putIfAbsent("classNames", String.join(",", train.classNames()));
        }
        ModelHashes hashes = ModelHashes.of(spec.denoiser().location().path(), spec.classifier().location().path(),
                spec.classifier().signatureDescription());
        Optional<Thumbnails> thumbnails = thumbnails(train, options.thumbnails());
        // a provisional bundle makes the detectors; their validation scores then become its calibrations
        OodBundle provisional = new OodBundle(hashes, statistics, options.k(), Knn.NAME,
                Map.of(Knn.NAME, Calibration.of(new double[] {0})), vimAlpha, thumbnails, provenance);
        DetectorSuite suite = suite(provisional, options);
        List<Integer> ddpTimesteps = options.ddp().timesteps();
        List<String> all = suite.detectors().stream().map(Detector::name).toList();
        int n = Math.min(options.denoisedValidation(), validation.size());
        // observed once: every image without denoising, the first n also denoised from every timestep needed
        List<Observation> clean = observe("validation", validation.images(), List.of(), options);
        List<Observation> denoised = observe("validation, denoised", validation.images().subList(0, n),
                suite.timesteps(all, ddpTimesteps), options);
        Map<String, Calibration> calibrations = calibrate(suite, clean, denoised, ddpTimesteps, Set.of());
        // fusions standardize their parts on those calibrations, then are calibrated themselves
        OodBundle parts = new OodBundle(hashes, statistics, options.k(), Knn.NAME, calibrations, vimAlpha, thumbnails,
                provenance);
        calibrations.putAll(calibrate(suite(parts, options), clean, denoised, ddpTimesteps,
                Set.copyOf(calibrations.keySet())));
        return new OodBundle(hashes, statistics, options.k(), options.decision(), calibrations, vimAlpha, thumbnails,
                provenance);
    }

    private static DetectorSuite suite(OodBundle bundle, Options options) {
        return StandardDetectors.suite(Optional.of(bundle), options.ddp().space(), ReductionProvider.get(),
                Optional.of(Knn.NAME), 0.05, Double.POSITIVE_INFINITY);
    }

    /** Validation scores of the suite's detectors but those in {@code done}: one-pass ones on every image. */
    private static Map<String, Calibration> calibrate(DetectorSuite suite, List<Observation> clean,
            List<Observation> denoised, List<Integer> ddpTimesteps, Set<String> done) {
        Map<String, Calibration> calibrations = new LinkedHashMap<>();
        for (Detector d : suite.detectors()) {
            if (!done.contains(d.name())) {
                List<Observation> seen = d.timesteps(ddpTimesteps).isEmpty() ? clean : denoised;
                calibrations.put(d.name(), Calibration.of(seen.stream().mapToDouble(o -> d.score(o, ddpTimesteps)).toArray()));
            }
        }
        return calibrations;
    }

    private List<Observation> observe(String task, List<float[]> images, List<Integer> timesteps, Options options) {
        ScoreSettings settings = new ScoreSettings(timesteps, options.ddp().repeats(), options.ddp().seed());
        int batch = timesteps.isEmpty() ? 256 : options.batch();
        List<Observation> out = new ArrayList<>(images.size());
        try (ProgressBar bar = Progress.bar(task, "images", 0, images.size())) {
            for (int from = 0; from < images.size(); from += batch) {
                List<ScoreJob> jobs = new ArrayList<>();
                for (int i = from; i < Math.min(images.size(), from + batch); i++) {
                    // a seed of its own per image, as keyed noise gives every served image
                    jobs.add(ScoreJob.of(images.get(i), settings.withSeed(settings.seed() + i)));
                }
                out.addAll(scorer.score(jobs).results());
                int done = from + jobs.size();
                bar.stepTo(done);
            }
        }
        return out;
    }

    /** The first {@code count} bank images as 8-bit pixels: explanations show them as the nearest neighbours. */
    private Optional<Thumbnails> thumbnails(TrainingImages train, int count) {
        int m = Math.min(count, train.size());
        if (m == 0) {
            return Optional.empty();
        }
        ImageShape shape = models.imageShape();
        byte[] pixels = new byte[m * shape.size()];
        for (int i = 0; i < m; i++) {
            float[] image = train.images().get(i);
            for (int p = 0; p < image.length; p++) {
                pixels[i * shape.size() + p] = (byte) Math.round(Math.min(1f, Math.max(0f, image[p])) * 255f);
            }
        }
        return Optional.of(new Thumbnails(shape.height(), shape.width(), shape.channels(), pixels));
    }

    private static double max(float[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            max = Math.max(max, x);
        }
        return max;
    }
}
