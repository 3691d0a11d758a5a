package io.diffood.tools.eval;

import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.diffusion.ScheduleSettings;
import io.diffood.score.DdpScorer;
import io.diffood.score.ScoreSettings;
import io.diffood.score.Space;
import io.diffood.tools.Progress;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code evaluate}: scores a Fashion-MNIST sample (test or validation split) and every OOD sample through the
 * function's scoring stack and reports AUROC, FPR@95, AUPR-In and AUPR-Out; with {@code --tradeoff}, also DDP
 * AUROC against cost for cheaper and dearer settings.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Scores in-distribution and OOD samples through the function's scoring stack and writes "
                + "evaluation.json, evaluation.md, scores.csv and ROC/histogram plots.",
                "Model paths and DDP settings come from the function's configuration; --set overrides one property "
                + "for this run, e.g. --set diffood.denoiser.path=target/test-models/denoiser.",
                "--split validation scores the held-back Fashion-MNIST train images against OOD images disjoint "
                + "from the test samples: the split on which settings are chosen."})
public final class EvaluateCommand implements Callable<Integer> {

    private static final double MNIST_TARGET = 0.99;
    private static final double OTHER_TARGET = 0.95;

    @Option(names = "--out", defaultValue = "docs/evaluation", description = "report folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--samples", defaultValue = "1000", description = "images per set (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--sample-seed", defaultValue = "0", description = "seed of the sample order (default: ${DEFAULT-VALUE})")
    long sampleSeed;

    @Option(names = "--batch", defaultValue = "8", description = "images per model batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--fashion-mnist", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "Fashion-MNIST IDX files (default: ${DEFAULT-VALUE})")
    Path fashionMnist;

    @Option(names = "--datasets", defaultValue = "../shared/datasets",
            description = "folder with mnist_test/, notmnist_test/, omniglot/, cifar10_test_jpg/ (default: ${DEFAULT-VALUE})")
    Path datasets;

    @Option(names = "--sets", split = ",", description = "OOD sets, comma-separated (default: mnist, notmnist, "
            + "omniglot, cifar10, uniform-noise, gaussian-noise)")
    List<String> sets = OodDatasets.OOD_SETS;

    @Option(names = "--split", defaultValue = "test", description = "test or validation (default: ${DEFAULT-VALUE})")
    OodDatasets.Split split;

    @Option(names = "--tradeoff", description = "also report DDP AUROC against cost for --tradeoff-settings")
    boolean tradeoff;

    @Option(names = "--tradeoff-settings", defaultValue = TradeoffSetting.DEFAULTS,
            description = "[logits:|features:]timesteps/repeats, separated by ';' (default: ${DEFAULT-VALUE})")
    String tradeoffSettings;

    @Option(names = "--tradeoff-samples", description = "images per set for the trade-off (default: --samples)")
    Integer tradeoffSamples;

    @Option(names = "--note", description = "a note kept in the report")
    String note;

    @Option(names = "--set", description = "override one configuration property for this run: property=value")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        List<TradeoffSetting> tradeoff = this.tradeoff ? TradeoffSetting.parseList(tradeoffSettings) : List.of();
        boolean needFeatures = tradeoff.stream().anyMatch(s -> s.space() == Space.FEATURES);
        try (ScoringContext context = ScoringContext.open(overrides, needFeatures)) {
            OodDatasets data = new OodDatasets(fashionMnist, datasets, context.models().imageShape(), sampleSeed, split);
            System.err.println("loading samples of " + samples + " images");
            ImageSet ind = split == OodDatasets.Split.TEST ? data.fashionTest(samples) : data.fashionValidation(samples);
            List<ImageSet> oodSets = new ArrayList<>();
            for (String name : sets) {
                oodSets.add(data.ood(name, samples));
            }

            ScoreSettings main = context.configuredSettings();
            Space mainSpace = context.configuredSpace();
            int tradeoffSamples = this.tradeoffSamples == null ? samples : this.tradeoffSamples;
            int perSetting = Math.min(tradeoffSamples, ind.size())
                    + oodSets.stream().mapToInt(s -> Math.min(tradeoffSamples, s.size())).sum();
            int mainImages = ind.size() + oodSets.stream().mapToInt(ImageSet::size).sum();
            long extraSettings = tradeoff.stream().filter(s -> !fromMainRun(s, main, mainSpace)).count();
            ProgressBar bar = Progress.bar("evaluate", "images", 0, mainImages + extraSettings * perSetting);
            BatchScoring scoring = new BatchScoring(batch, bar);

            DdpScorer scorer = context.scorer();
            SampleScores indScores = scoring.score(scorer, context.ddp(mainSpace), ind, main);
            List<SampleScores> oodScores = new ArrayList<>();
            for (ImageSet set : oodSets) {
                oodScores.add(scoring.score(scorer, context.ddp(mainSpace), set, main));
            }

            List<EvaluationResult.SetResult> results = new ArrayList<>();
            Map<String, double[]> indMethods = indScores.methods();
            for (SampleScores ood : oodScores) {
                Map<String, OodMetrics> metrics = new LinkedHashMap<>();
                ood.methods().forEach((method, scores) -> metrics.put(method, OodMetrics.of(indMethods.get(method), scores)));
                results.add(new EvaluationResult.SetResult(sample(ood.set()), metrics,
                        ood.set().name().equals("mnist") ? MNIST_TARGET : OTHER_TARGET));
            }

            List<SampleScores> all = new ArrayList<>(oodScores);
            all.add(indScores);
            double seconds = all.stream().mapToDouble(SampleScores::seconds).sum();
            double denoiserMs = all.stream().mapToDouble(SampleScores::denoiserMs).sum();
            double classifierMs = all.stream().mapToDouble(SampleScores::classifierMs).sum();
            EvaluationResult.Timing timing = new EvaluationResult.Timing(seconds, mainImages, mainImages / seconds,
                    context.denoiserEvaluations(main), denoiserMs / 1000 / seconds, classifierMs / 1000 / seconds,
                    (System.nanoTime() - start) / 1e9);

            DiffoodConfig config = context.config();
            EvaluationResult.Run run = new EvaluationResult.Run(null,
                    "./mvnw -q test-compile exec:exec@tools -Dargs=\"evaluate " + String.join(" ",
                            quoted(spec.commandLine().getParseResult().originalArgs())) + "\"",
                    config.denoiser().path().toString(), config.classifier().path().toString(), note);
            // written now and again after the trade-off: a run stopped during the trade-off keeps the main results
            write(out, run, settings(config), indScores, oodScores, results, timing, List.of());
            if (tradeoff.isEmpty()) {
                bar.close();
                return 0;
            }
            List<EvaluationResult.TradeoffRow> rows = new ArrayList<>();
            int mainEvaluations = context.denoiserEvaluations(main);
            for (TradeoffSetting setting : tradeoff) {
                int evaluations = context.denoiserEvaluations(setting.settings(main.seed()));
                if (fromMainRun(setting, main, mainSpace)) {
                    // same noise per repeat and independent trajectories: the main run's per-timestep scores are
                    // exactly this setting's, and its time is pro rata of denoiser evaluations (all but 0-1% of it)
                    List<SampleScores> scored = oodScores.stream().map(o -> o.prefix(tradeoffSamples)).toList();
                    rows.add(tradeoffRow(setting, evaluations, true, (double) evaluations / mainEvaluations,
                            indScores.prefix(tradeoffSamples), scored));
                    continue;
                }
                ScoreSettings settings = setting.settings(main.seed());
                SampleScores in = scoring.score(scorer, context.ddp(setting.space()), ind.prefix(tradeoffSamples), settings);
                List<SampleScores> scored = new ArrayList<>();
                for (ImageSet set : oodSets) {
                    scored.add(scoring.score(scorer, context.ddp(setting.space()), set.prefix(tradeoffSamples), settings));
                }
                rows.add(tradeoffRow(setting, evaluations, false, 1, in, scored));
            }
            bar.close();
            write(out, run, settings(config), indScores, oodScores, results, timing, rows);
        }
        return 0;
    }

    private static void write(Path out, EvaluationResult.Run run, Map<String, Object> settings, SampleScores ind,
            List<SampleScores> oods, List<EvaluationResult.SetResult> results, EvaluationResult.Timing timing,
            List<EvaluationResult.TradeoffRow> tradeoff) throws IOException {
        EvaluationResult result = new EvaluationResult(new EvaluationResult.Run(
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), run.command(), run.denoiser(),
                run.classifier(), run.note()), settings, sample(ind.set()), results, timing, tradeoff);
        EvaluationReport.write(out, result, ind, oods);
        System.err.printf("%n%s%nwritten to %s%n", EvaluationReport.markdown(result), out.toAbsolutePath());
    }

    /** A setting whose timesteps are some of the main run's, with its space and repeats, needs no scoring. */
    private static boolean fromMainRun(TradeoffSetting setting, ScoreSettings main, Space mainSpace) {
        return setting.space() == mainSpace && main.timesteps().containsAll(setting.timesteps())
                && setting.repeats() == main.repeats();
    }

    /** @param timeShare share of the scores' time this setting takes: 1 when it was scored on its own */
    private static EvaluationResult.TradeoffRow tradeoffRow(TradeoffSetting setting, int evaluations,
            boolean fromMainRun, double timeShare, SampleScores ind, List<SampleScores> oods) {
        Map<String, Double> auroc = new LinkedHashMap<>();
        for (SampleScores ood : oods) {
            auroc.put(ood.set().name(), OodMetrics.auroc(ind.ddp(setting.timesteps()), ood.ddp(setting.timesteps())));
        }
        double seconds = timeShare * (ind.seconds() + oods.stream().mapToDouble(SampleScores::seconds).sum());
        int images = ind.results().size() + oods.stream().mapToInt(s -> s.results().size()).sum();
        return new EvaluationResult.TradeoffRow(setting.label(), setting.space().name().toLowerCase(),
                setting.timesteps(), setting.repeats(), evaluations, ind.results().size(), seconds, images / seconds,
                fromMainRun, auroc, auroc.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                auroc.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow());
    }

    private static EvaluationResult.Sample sample(ImageSet set) {
        return new EvaluationResult.Sample(set.name(), set.description(), set.available(), set.size());
    }

    private Map<String, Object> settings(DiffoodConfig config) {
        DiffoodConfig.Ddp ddp = config.ddp();
        ScheduleSettings schedule = CoreSettings.schedule(config);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("timesteps", ddp.timesteps());
        s.put("repeats", ddp.repeats());
        s.put("sampleSteps", ddp.sampleSteps());
        s.put("guidance", ddp.guidance());
        s.put("space", ddp.space());
        s.put("noiseSeed", ddp.seed());
        s.put("schedule", schedule.type() + " " + schedule.betaStart() + ".." + schedule.betaEnd() + " T=" + schedule.steps());
        s.put("device", config.device());
        s.put("samplesPerSet", samples);
        s.put("sampleSeed", sampleSeed);
        s.put("split", split.name().toLowerCase(Locale.ROOT));
        s.put("batchSize", batch);
        return s;
    }

    private static List<String> quoted(List<String> args) {
        return args.stream().map(a -> a.contains(" ") || a.contains(";") ? "'" + a + "'" : a).toList();
    }
}
