package io.diffood.eval;

import io.diffood.config.DiffoodConfig;
import io.diffood.config.StandaloneConfig;
import io.diffood.model.ModelSet;
import io.diffood.score.DdpScorer;
import io.diffood.score.DdpSetup;
import io.diffood.score.ScoreSettings;
import io.diffood.score.Space;

import java.util.List;
import java.util.Map;

/**
 * The function's scoring stack for a command-line tool: its configuration (with the command's {@code --set}
 * overrides), its models and its DDP set-up, so that evaluation and calibration measure exactly what the
 * function computes.
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
        DiffoodConfig config = StandaloneConfig.load(overrides);
        boolean features = needFeatures || Space.of(config.ddp().space()) == Space.FEATURES;
        ModelSet models = ModelSet.load(config, features);
        return new ScoringContext(config, models, DdpSetup.from(config, models.nullClass()));
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
        DiffoodConfig.Ddp ddp = config.ddp();
        return new ScoreSettings(ddp.timesteps(), ddp.repeats(), ddp.seed());
    }

    /** A scorer in the given space; everything else (schedule, sampler, guidance) as configured. */
    DdpScorer scorer(Space space) {
        DdpScorer scorer = new DdpSetup(setup.schedule(), setup.sampler(), space).scorer(models);
        // one cheap pass, as the function does at start-up, so that graph set-up is not timed
        scorer.score(List.of(new float[models.imageShape().size()]), List.of(new ScoreSettings(List.of(1), 1, 0)));
        return scorer;
    }

    int denoiserEvaluations(ScoreSettings settings) {
        return settings.repeats() * settings.timesteps().stream().mapToInt(setup.sampler()::evaluationsFrom).sum();
    }

    @Override
    public void close() {
        models.close();
    }
}
