package io.diffood.eval;

import io.diffood.config.DiffoodConfig;
import io.diffood.score.DdpScorer;
import io.diffood.score.ScoreSettings;
import io.diffood.score.Space;
import io.diffood.train.ProgressBar;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scores a Fashion-MNIST test sample and every OOD sample through the function's DDP scorer and reports
 * AUROC, FPR@95, AUPR-In and AUPR-Out for the DDP (combined and per timestep) and the MSP, max-logit and
 * energy baselines; with {@code --tradeoff}, also DDP AUROC against cost for cheaper and dearer settings.
 *
 * <p>Run with {@code ./mvnw -q compile exec:exec@evaluate -Dargs="..."}; see {@link #USAGE}.
 */
public final class EvaluateCommand {

    static final String USAGE = """
            usage: EvaluateCommand [--out docs/evaluation] [--samples 1000] [--sample-seed 0] [--batch 8]
                                   [--fashion-mnist /usr/share/datasets/fashion-mnist] --datasets DIR
                                   [--sets mnist,notmnist,omniglot,cifar10,uniform-noise,gaussian-noise]
                                   [--split test|validation]
                                   [--tradeoff] [--tradeoff-settings '480/1;120,480/1;120,480/2;120,480/4;120,240,360/4']
                                   [--tradeoff-samples N] [--note TEXT] [--set property=value ...]
            DDP settings and model paths come from the function's configuration (application.properties,
            config/application.properties, environment); --set overrides one property for this run, e.g.
            --set diffood.denoiser.path=target/test-models/denoiser --set diffood.ddp.repeats=2.
            A trade-off setting is [logits:|features:]timesteps/repeats, settings separated by ';'.
            --split validation scores the held-back Fashion-MNIST train images against OOD images disjoint from
            the test samples: the split on which settings are chosen, so that the test numbers stay unbiased.""";

    private static final Set<String> KEYS = Set.of("out", "samples", "sample-seed", "batch", "fashion-mnist", "datasets",
            "sets", "split", "tradeoff-settings", "tradeoff-samples", "note");
    private static final double MNIST_TARGET = 0.99;
    private static final double OTHER_TARGET = 0.95;

    private EvaluateCommand() {
    }

    public static void main(String[] args) throws IOException {
        CommandLine line;
        OodDatasets.Split split;
        try {
            line = CommandLine.parse(args, KEYS, Set.of("tradeoff"), USAGE);
            String splitName = line.get("split", "test");
            if (!splitName.equals("test") && !splitName.equals("validation")) {
                throw new IllegalArgumentException("--split takes test or validation, not " + splitName);
            }
            split = OodDatasets.Split.valueOf(splitName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long start = System.nanoTime();
        int samples = line.getInt("samples", 1000);
        List<String> setNames = Arrays.stream(line.get("sets", String.join(",", OodDatasets.OOD_SETS)).split(","))
                .map(String::strip).toList();
        List<TradeoffSetting> tradeoff = line.flag("tradeoff")
                ? TradeoffSetting.parseList(line.get("tradeoff-settings", TradeoffSetting.DEFAULTS)) : List.of();
        boolean needFeatures = tradeoff.stream().anyMatch(s -> s.space() == Space.FEATURES);

        // the OOD sets are test data, not part of the product: the pom's evaluate execution names the folder
        String datasets = line.get("datasets", null);
        if (datasets == null) {
            throw new IllegalArgumentException("--datasets DIR is required: the folder with mnist_test/, notmnist_test/, "
                    + "omniglot/ and cifar10_test_jpg/");
        }
        try (ScoringContext context = ScoringContext.open(line.overrides(), needFeatures)) {
            OodDatasets data = new OodDatasets(Path.of(line.get("fashion-mnist", "/usr/share/datasets/fashion-mnist")),
                    Path.of(datasets), context.models().imageShape(),
                    line.getLong("sample-seed", 0), split);
            System.err.println("loading samples of " + samples + " images");
            ImageSet ind = split == OodDatasets.Split.TEST ? data.fashionTest(samples) : data.fashionValidation(samples);
            List<ImageSet> oodSets = new ArrayList<>();
            for (String name : setNames) {
                oodSets.add(data.ood(name, samples));
            }

            ScoreSettings main = context.configuredSettings();
            Space mainSpace = context.configuredSpace();
            int tradeoffSamples = line.getInt("tradeoff-samples", samples);
            int perSetting = Math.min(tradeoffSamples, ind.size())
                    + oodSets.stream().mapToInt(s -> Math.min(tradeoffSamples, s.size())).sum();
            int mainImages = ind.size() + oodSets.stream().mapToInt(ImageSet::size).sum();
            long extraSettings = tradeoff.stream().filter(s -> !fromMainRun(s, main, mainSpace)).count();
            ProgressBar bar = new ProgressBar(System.err, "evaluate", "images", 0, mainImages + extraSettings * perSetting);
            BatchScoring scoring = new BatchScoring(line.getInt("batch", 8), bar);

            Map<Space, DdpScorer> scorers = new EnumMap<>(Space.class);
            DdpScorer scorer = scorers.computeIfAbsent(mainSpace, context::scorer);
            SampleScores indScores = scoring.score(scorer, ind, main);
            List<SampleScores> oodScores = new ArrayList<>();
            for (ImageSet set : oodSets) {
                oodScores.add(scoring.score(scorer, set, main));
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
                    "./mvnw -q compile exec:exec@evaluate -Dargs=\"" + String.join(" ", quoted(args)) + "\"",
                    config.denoiser().path().toString(), config.classifier().path().toString(), line.get("note", null));
            Path out = Path.of(line.get("out", "docs/evaluation"));
            // written now and again after the trade-off: a run stopped during the trade-off keeps the main results
            write(out, run, settings(config, line, samples), indScores, oodScores, results, timing, List.of());
            if (tradeoff.isEmpty()) {
                return;
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
                DdpScorer settingScorer = scorers.computeIfAbsent(setting.space(), context::scorer);
                ScoreSettings settings = setting.settings(main.seed());
                SampleScores in = scoring.score(settingScorer, ind.prefix(tradeoffSamples), settings);
                List<SampleScores> scored = new ArrayList<>();
                for (ImageSet set : oodSets) {
                    scored.add(scoring.score(settingScorer, set.prefix(tradeoffSamples), settings));
                }
                rows.add(tradeoffRow(setting, evaluations, false, 1, in, scored));
            }
            write(out, run, settings(config, line, samples), indScores, oodScores, results, timing, rows);
        }
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

    private static Map<String, Object> settings(DiffoodConfig config, CommandLine line, int samples) {
        DiffoodConfig.Ddp ddp = config.ddp();
        DiffoodConfig.Schedule schedule = config.schedule();
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
        s.put("sampleSeed", line.getLong("sample-seed", 0));
        s.put("split", line.get("split", "test"));
        s.put("batchSize", line.getInt("batch", 8));
        return s;
    }

    private static List<String> quoted(String[] args) {
        return Arrays.stream(args).map(a -> a.contains(" ") || a.contains(";") ? "'" + a + "'" : a).toList();
    }
}
