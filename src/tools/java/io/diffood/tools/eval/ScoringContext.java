package io.diffood.tools.eval;

import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.detect.DdpDetector;
import io.diffood.model.ModelSet;
import io.diffood.score.vectorization.ReductionProvider;
import io.diffood.score.DdpScorer;
import io.diffood.score.DdpSetup;
import io.diffood.score.ScoreSettings;
import io.diffood.score.Space;
import io.diffood.config.StandaloneConfig;

import java.util.Map;

/**
 * The function's scoring stack for a command-line tool: its configuration (with the command's {@code --set}
 * overrides), its models and its DDP set-up, so that evaluation measures exactly what the function computes.
 */
final class ScoringContext implements AutoCloseable {

    private final DiffoodConfig config;
    private final ModelSet models;
    private final DdpSetup setup;

    private ScoringContext(DiffoodConfig config, ModelSet models, DdpSetup setup) {
        this.config = config;
        this.models = models;
        this.setup = setup;
    }

    static ScoringContext open(Map<String, String> overrides, boolean needFeatures) {
        DiffoodConfig config = StandaloneConfig.read(overrides);
        ModelSet models = ModelSet.load(CoreSettings.models(config).withFeatures(needFeatures));
        return new ScoringContext(config, models,
                DdpSetup.of(CoreSettings.schedule(config), CoreSettings.ddp(config), models.nullClass()));
    }

    DiffoodConfig config() {
        return config;
    }

    ModelSet models() {
        return models;
    }

    Space configuredSpace() {
        return setup.space();
    }

    /** The settings a request without settings gets: configured timesteps, repeats and seed. */
    ScoreSettings configuredSettings() {
        return CoreSettings.ddp(config).defaults();
    }

    /** The function's scorer, warmed up as the function's is. */
    DdpScorer scorer() {
        DdpScorer scorer = setup.scorer(models);
        scorer.warmUp();
        return scorer;
    }

    /** The DDP score in the given space. */
    DdpDetector ddp(Space space) {
        return new DdpDetector(space, ReductionProvider.get());
    }

    int denoiserEvaluations(ScoreSettings settings) {
        return setup.evaluations(settings);
    }

    @Override
    public void close() {
        models.close();
    }
}
