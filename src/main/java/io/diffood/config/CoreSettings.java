package io.diffood.config;

import io.diffood.diffusion.ScheduleSettings;
import io.diffood.model.ClassifierSpec;
import io.diffood.model.DenoiserSpec;
import io.diffood.model.GraphOptimizer;
import io.diffood.model.ModelLocation;
import io.diffood.model.ModelSetFolder;
import io.diffood.model.ModelSetSpec;
import io.diffood.monitor.OodRateMonitor;
import io.diffood.score.DdpSettings;
import io.diffood.score.NoiseSeeds;
import io.diffood.score.SettingsPolicy;
import io.diffood.score.Space;

import java.nio.file.Files;
import java.nio.file.Path;

/** The one place where properties become the scoring core's records. */
public final class CoreSettings {

    private CoreSettings() {
    }

    /** The model set folder with the parts their own settings move elsewhere. */
    public static ModelSetFolder modelSet(DiffoodConfig config) {
        return new ModelSetFolder(config.models().path(), config.denoiser().path(), config.classifier().path(),
                config.bundle().path());
    }

    public static ModelSetSpec models(DiffoodConfig config) {
        ModelSetFolder folder = modelSet(config);
        DiffoodConfig.Denoiser d = config.denoiser();
        DiffoodConfig.Classifier c = config.classifier();
        GraphOptimizer optimizer = config.graphOptimizer();
        return new ModelSetSpec(config.device(),
                new DenoiserSpec(location(folder.denoiser(), d, optimizer), d.inputX(), d.inputT(), d.inputY(),
                        d.outputEps()),
                new ClassifierSpec(location(folder.classifier(), c, optimizer), c.inputX(), c.outputLogits(),
                        c.outputFeatures()),
                // the fitted detectors work on the features: a bundle next to the models needs them
                config.ddp().space() == Space.FEATURES || Files.isDirectory(folder.bundle()));
    }

    public static ScheduleSettings schedule(DiffoodConfig config) {
        DiffoodConfig.Schedule s = config.schedule();
        ScheduleSettings fallback = ScheduleSettings.DDPM_LINEAR;
        return new ScheduleSettings(s.type().orElse(fallback.type()), s.steps().orElse(fallback.steps()),
                s.betaStart().orElse(fallback.betaStart()), s.betaEnd().orElse(fallback.betaEnd()));
    }

    public static DdpSettings ddp(DiffoodConfig config) {
        DiffoodConfig.Ddp d = config.ddp();
        return new DdpSettings(d.timesteps(), d.repeats(), d.sampleSteps(), d.guidance(), d.space(), d.seed());
    }

    public static SettingsPolicy policy(DiffoodConfig config) {
        DiffoodConfig.Limits l = config.limits();
        return new SettingsPolicy(ddp(config), schedule(config).steps(), l.maxTimesteps(), l.maxRepeats(),
                l.maxDenoiserCalls());
    }

    public static NoiseSeeds noiseSeeds(DiffoodConfig config) {
        DiffoodConfig.Ddp d = config.ddp();
        return new NoiseSeeds(d.noise(), d.seed(), d.noiseKey().map(NoiseSeeds::key).orElseGet(NoiseSeeds::randomKey));
    }

    public static OodRateMonitor.Settings monitor(DiffoodConfig config) {
        DiffoodConfig.Monitor m = config.monitor();
        return new OodRateMonitor.Settings(m.windowSize(), m.windowDuration(), config.decision().falsePositiveRate(),
                m.alarmPValue(), m.clearPValue(), m.minAnswers(), m.cooldown());
    }

    /** The configured bundle folder, or the folder {@code ood} beside the classifier's. */
    public static Path bundlePath(DiffoodConfig config) {
        return modelSet(config).bundle();
    }

    private static ModelLocation location(Path path, DiffoodConfig.SavedModelLocation location,
            GraphOptimizer graphOptimizer) {
        return new ModelLocation(path, location.signature(), location.tags(), graphOptimizer);
    }
}
