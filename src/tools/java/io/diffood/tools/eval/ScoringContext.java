package io.diffood.tools.eval;

import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.detect.BundleLoading;
import io.diffood.detect.Detector;
import io.diffood.detect.DetectorSuite;
import io.diffood.detect.OodBundle;
import io.diffood.detect.StandardDetectors;
import io.diffood.model.ModelSet;
import io.diffood.model.ModelSetSpec;
import io.diffood.score.DdpScorer;
import io.diffood.score.DdpSetup;
import io.diffood.score.ScoreSettings;
import io.diffood.score.vectorization.ReductionProvider;
import io.diffood.config.StandaloneConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The function's scoring stack for a command-line tool, built as {@code ModelLifecycle} builds it: the configuration
 * (with the command's {@code --set} overrides), the models, the OOD bundle beside them, the detector suite and the
 * DDP set-up, so that tools measure exactly what the function computes.
 */
public final class ScoringContext implements AutoCloseable {

    private final DiffoodConfig config;
    private final ModelSet models;
    private final DdpSetup setup;
    private final Optional<OodBundle> bundle;
    private final Path bundleDir;
    private final Path classifierDir;
    private final DetectorSuite suite;
    private DdpScorer scorer;

    private ScoringContext(DiffoodConfig config, ModelSet models, DdpSetup setup, Optional<OodBundle> bundle,
            Path bundleDir, Path classifierDir, DetectorSuite suite) {
        this.config = config;
        this.models = models;
        this.setup = setup;
        this.bundle = bundle;
        this.bundleDir = bundleDir;
        this.classifierDir = classifierDir;
        this.suite = suite;
    }

    public static ScoringContext open(Map<String, String> overrides) {
        DiffoodConfig config = StandaloneConfig.read(overrides);
        Path bundleDir = CoreSettings.bundlePath(config);
        boolean hasBundle = Files.isDirectory(bundleDir);
        ModelSetSpec spec = CoreSettings.models(config).withFeatures(hasBundle);
        ModelSet models = ModelSet.load(spec);
        try {
            Optional<OodBundle> bundle = hasBundle ? Optional.of(BundleLoading.load(bundleDir, spec, models))
                    : Optional.empty();
            DetectorSuite suite = StandardDetectors.suite(bundle, config.ddp().space(), ReductionProvider.get(),
                    config.decision().detector(), config.decision().falsePositiveRate(), config.ddp().threshold());
            DdpSetup setup = DdpSetup.of(CoreSettings.schedule(config), CoreSettings.ddp(config), models.nullClass());
            return new ScoringContext(config, models, setup, bundle, bundleDir, spec.classifier().location().path(),
                    suite);
        } catch (RuntimeException e) {
            models.close();
            throw e;
        }
    }

    public DiffoodConfig config() {
        return config;
    }

    public ModelSet models() {
        return models;
    }

    /** Where the classifier lies (its model card beside it). */
    public Path classifierDir() {
        return classifierDir;
    }

    public DetectorSuite suite() {
        return suite;
    }

    public Optional<OodBundle> bundle() {
        return bundle;
    }

    public String bundleDescription() {
        return bundle.map(b -> bundleDir + " (" + b.statistics().bank().rows() + " bank images, k = " + b.k()
                + ", decision named by the bundle: " + b.decisionDetector() + ")").orElse("none at " + bundleDir);
    }

    /** The DDP's configured start timesteps: what the {@code ddp} detector scores and detectors receive. */
    public List<Integer> ddpTimesteps() {
        return CoreSettings.ddp(config).timesteps();
    }

    public int repeats() {
        return config.ddp().repeats();
    }

    /** The function's scorer, warmed up as the function's is. */
    public synchronized DdpScorer scorer() {
        if (scorer == null) {
            scorer = setup.scorer(models);
            scorer.warmUp();
        }
        return scorer;
    }

    /** The suite's detectors by name, in the suite's order; all of them for an empty list; unknown names refused. */
    public List<String> detectors(Collection<String> wanted) {
        List<String> all = suite.detectors().stream().map(Detector::name).toList();
        if (wanted == null || wanted.isEmpty()) {
            return all;
        }
        for (String name : wanted) {
            if (!all.contains(name)) {
                throw new IllegalArgumentException("unknown detector '" + name + "'; known: " + String.join(", ", all));
            }
        }
        return all.stream().filter(wanted::contains).toList();
    }

    /** The settings that observe an image once for all these detectors: the union of their timesteps, ascending. */
    public ScoreSettings settingsFor(List<String> detectors) {
        return new ScoreSettings(suite.timesteps(detectors, ddpTimesteps()).stream().sorted().toList(), repeats(), 0);
    }

    /** The configured policy of the noise of requests without a seed, reproducible (see {@link NoiseSource}). */
    public NoiseSource noise(long freshSeed) {
        return new NoiseSource(config.ddp().noise(), config.ddp().seed(), config.ddp().noiseKey().orElse(null), freshSeed);
    }

    /** Denoiser evaluations per image (both guidance halves). */
    public int evaluations(ScoreSettings settings) {
        return setup.evaluations(settings);
    }

    /** What one detector alone costs per image: denoiser evaluations and classifier passes. */
    public DetectorCost cost(String detector) {
        List<Integer> ts = suite.detector(detector).timesteps(ddpTimesteps());
        ScoreSettings alone = new ScoreSettings(ts, repeats(), 0);
        return new DetectorCost(evaluations(alone), 1 + ts.size() * repeats());
    }

    /** Denoiser evaluations and classifier passes per image. */
    public record DetectorCost(int denoiserEvaluations, int classifierPasses) {
    }

    public static List<String> names(Collection<? extends Detector> detectors) {
        List<String> names = new ArrayList<>();
        detectors.forEach(d -> names.add(d.name()));
        return names;
    }

    @Override
    public void close() {
        models.close();
    }
}
