package io.diffood.eval;

import io.diffood.score.ScoreSettings;
import io.diffood.train.ProgressBar;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Calibrates the function's OOD threshold: scores the held-back Fashion-MNIST validation split with the
 * configured settings, takes the score that keeps the chosen share of it as in-distribution, and writes
 * {@code diffood.ddp.threshold} into {@code config/application.properties}, which the function reads from its
 * working directory. The test set is never used, so the evaluation's FPR@95 stays an honest estimate.
 *
 * <p>Run with {@code ./mvnw -q compile exec:exec@calibrate -Dargs="..."}; see {@link #USAGE}.
 */
public final class CalibrateCommand {

    static final String USAGE = """
            usage: CalibrateCommand [--keep 0.95] [--samples 1000] [--sample-seed 0] [--batch 8]
                                    [--fashion-mnist /usr/share/datasets/fashion-mnist]
                                    [--config config/application.properties] [--set property=value ...]
            Scores validation images (Fashion-MNIST train 55000..59999) with the function's configured settings and
            writes diffood.ddp.threshold = the score below which --keep of them fall.""";

    static final String THRESHOLD_KEY = "diffood.ddp.threshold";
    private static final Set<String> KEYS = Set.of("keep", "samples", "sample-seed", "batch", "fashion-mnist", "config");

    private CalibrateCommand() {
    }

    public static void main(String[] args) throws IOException {
        CommandLine line;
        try {
            line = CommandLine.parse(args, KEYS, Set.of(), USAGE);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        double keep = line.getDouble("keep", 0.95);
        if (!(keep > 0 && keep <= 1)) {
            System.err.println("--keep must be in (0, 1], not " + keep);
            System.exit(2);
            return;
        }
        Path configFile = Path.of(line.get("config", "config/application.properties"));
        try (ScoringContext context = ScoringContext.open(line.overrides(), false)) {
            OodDatasets data = new OodDatasets(Path.of(line.get("fashion-mnist", "/usr/share/datasets/fashion-mnist")),
                    null, context.models().imageShape(), line.getLong("sample-seed", 0), OodDatasets.Split.TEST);
            ImageSet validation = data.fashionValidation(line.getInt("samples", 1000));
            ScoreSettings settings = context.configuredSettings();
            ProgressBar bar = new ProgressBar(System.err, "calibrate", "images", 0, validation.size());
            SampleScores scores = new BatchScoring(line.getInt("batch", 8), bar)
                    .score(context.scorer(context.configuredSpace()), validation, settings);
            double[] ddp = scores.ddp();
            double threshold = OodMetrics.threshold(ddp, keep);
            long kept = Arrays.stream(ddp).filter(s -> s <= threshold).count();
            String comment = String.format(Locale.ROOT,
                    "calibrated %s by CalibrateCommand: keeps %.1f%% (%d of %d) of Fashion-MNIST validation images "
                            + "(train 55000..59999), timesteps %s, repeats %d, space %s, seed %d, models %s and %s",
                    Instant.now().truncatedTo(ChronoUnit.SECONDS), 100.0 * kept / ddp.length, kept, ddp.length,
                    settings.timesteps(), settings.repeats(), context.config().ddp().space(), settings.seed(),
                    context.config().denoiser().path(), context.config().classifier().path());
            // full precision: the function compares scores with this exact value
            PropertyFile.set(configFile, THRESHOLD_KEY, Double.toString(threshold), comment);
            System.err.printf(Locale.ROOT, "%n%s=%s written to %s (%s; %.2f images/s)%n", THRESHOLD_KEY, threshold,
                    configFile.toAbsolutePath(), comment, scores.imagesPerSecond());
        }
    }
}
