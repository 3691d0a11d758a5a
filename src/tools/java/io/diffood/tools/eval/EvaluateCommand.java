package io.diffood.tools.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diffood.tools.DiffoodTools;
import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.detect.Detector;
import io.diffood.detect.DetectorSuite;
import io.diffood.score.ScoreSettings;
import io.diffood.tools.Progress;
import me.tongfei.progressbar.ProgressBar;
import io.diffood.tools.ConfigOverrides;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
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
 * {@code evaluate}: observes an in-distribution sample (test or validation split) and every OOD sample once through the
 * function's stack and scores them with every detector of the suite (or those of {@code --detectors}); reports per
 * OOD set and detector AUROC, FPR@95, AUPR-In and AUPR-Out, per detector its cost per image and the observed
 * false-positive rate at the target, with the decision detector first.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Scores in-distribution and OOD samples through the function's stack with every detector and "
                + "writes evaluation.json, evaluation.md, scores.csv and ROC/histogram plots of the decision detector.",
                "Model paths, bundle, DDP settings, noise policy and decision detector come from the function's "
                + "configuration; --set overrides one property for this run, e.g. "
                + "--set diffood.decision.detector=fusedKnn.",
                "--split validation scores held-back training images (the demo: Fashion-MNIST train 55000..59999; a "
                + "model set trained by `train`: the held-out part its model card records) against OOD images "
                + "disjoint from the test samples: the split on which settings are chosen.",
                "In-distribution data: Fashion-MNIST for the demo; for a model set trained by `train`, the sources its "
                + "classifier's model card names (or --id-train, --id-test). The default OOD sets follow: the demo's "
                + "six, or textures, mnist, notmnist, omniglot, cifar10 (unless CIFAR-10 is in distribution), both "
                + "noises and jigsaw (near-OOD: shuffled tiles of in-distribution images outside the sample).",
                "--rerender rewrites the report in --out from its scores.csv and evaluation.json (e.g. with another "
                + "decision detector) without scoring anything."})
public final class EvaluateCommand implements Callable<Integer> {

    static final String DECISION_PROPERTY = "diffood.decision.detector";

    @Option(names = "--out", defaultValue = "docs/evaluation", description = "report folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--samples", defaultValue = "1000", description = "images per set (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--sample-seed", defaultValue = "0", description = "seed of the sample order (default: ${DEFAULT-VALUE})")
    long sampleSeed;

    @Option(names = "--noise-seed", defaultValue = "0",
            description = "seed of the generator that stands in for fresh noise (policy fresh only; default: ${DEFAULT-VALUE})")
    long noiseSeed;

    @Option(names = "--batch", defaultValue = "8", description = "images per model batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Mixin
    DataFolders data;

    @Option(names = "--sets", split = ",", description = "OOD sets, comma-separated (default for the demo: mnist, "
            + "notmnist, omniglot, cifar10, uniform-noise, gaussian-noise; for a model set trained on its own data: "
            + "textures, mnist, notmnist, omniglot, cifar10 unless it is the in-distribution data, uniform-noise, "
            + "gaussian-noise, jigsaw)")
    List<String> sets;

    @Option(names = "--anchors", description = "published figures shown beside ours in an anchors table: "
            + "openood-cifar10 (OpenOOD v1.5, CIFAR-10, ResNet-18)")
    String anchors;

    @Option(names = "--split", defaultValue = "test", description = "test or validation (default: ${DEFAULT-VALUE})")
    OodDatasets.Split split;

    @Option(names = "--detectors", split = ",", description = "only these detectors (default: every detector of the suite)")
    List<String> detectors = List.of();

    @Option(names = "--rerender", description = "rewrite the report in --out from its scores.csv and evaluation.json")
    boolean rerender;

    @Option(names = "--note", description = "a note kept in the report")
    String note;

    @Mixin
    ConfigOverrides overrides;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (rerender) {
            return rerender();
        }
        long start = System.nanoTime();
        try (ScoringContext context = ScoringContext.open(overrides.values())) {
            DetectorSuite suite = context.suite();
            List<String> selected = context.detectors(detectors);
            String decision = selected.contains(suite.decision()) ? suite.decision() : selected.get(0);
            if (anchors != null) {
                Anchors.named(anchors);
            }
            OodDatasets data = this.data.open(context, sampleSeed, split);
            System.err.println("loading samples of " + samples + " images");
            ImageSet ind = data.inDistribution(samples);
            List<ImageSet> oodSets = new ArrayList<>();
            for (String name : sets != null ? sets : data.defaultSets()) {
                oodSets.add(data.ood(name, samples));
            }
            NoiseSource noise = context.noise(noiseSeed);
            int total = ind.size() + oodSets.stream().mapToInt(ImageSet::size).sum();
            DiffoodConfig config = context.config();
            List<Evaluations.DetectorInfo> infos = new ArrayList<>();
            for (String name : selected) {
                Detector d = suite.detector(name);
                ScoringContext.DetectorCost cost = context.cost(name);
                infos.add(new Evaluations.DetectorInfo(name, d.description(), cost.denoiserEvaluations() > 0,
                        suite.calibration(name).isPresent(), cost.denoiserEvaluations(), cost.classifierPasses()));
            }
            EvaluationResult.Run run = new EvaluationResult.Run(null, DiffoodTools.rerun(spec), null, CoreSettings.modelSet(config).denoiser().toString(),
                    CoreSettings.modelSet(config).classifier().toString(), context.bundleDescription(), noise.describe(), note);
            try (ProgressBar bar = Progress.bar("evaluate", "images", 0, total)) {
                SuiteScoring scoring = new SuiteScoring(context, selected, batch, bar);
                ScoreSettings joint = scoring.settings();
                Map<String, Object> settings = settings(config, context, joint, decision);
                ScoredSet indScores = scoring.score(ind, noise);
                List<ScoredSet> oodScores = new ArrayList<>();
                for (ImageSet set : oodSets) {
                    oodScores.add(scoring.score(set, noise));
                    // written after every set: a long run shows its progress, and one stopped early keeps its sets
                    List<ScoredSet.Timing> timings = new ArrayList<>();
                    timings.add(indScores.timing());
                    oodScores.forEach(s -> timings.add(s.timing()));
                    ScoredSet.Timing sum = ScoredSet.Timing.sum(timings);
                    Evaluations.RawTiming raw = new Evaluations.RawTiming(sum.seconds(), sum.denoiserMs(),
                            sum.classifierMs(), sum.detectorMs(), joint.timesteps(), joint.repeats(),
                            context.evaluations(joint), 1 + joint.timesteps().size() * joint.repeats(),
                            (System.nanoTime() - start) / 1e9);
                    EvaluationResult result = Evaluations.build(finished(run), settings, decision,
                            suite.falsePositiveRate(), infos, indScores, oodScores, raw);
                    EvaluationReport.write(out, result, indScores, oodScores);
                }
            }
            System.err.printf("%n%s%nwritten to %s%n", Files.readString(out.resolve("evaluation.md")),
                    out.toAbsolutePath());
        }
        return 0;
    }

    private int rerender() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode old = json.readTree(out.resolve("evaluation.json").toFile());
        Map<String, EvaluationResult.Sample> samples = new LinkedHashMap<>();
        EvaluationResult.Sample ind = json.treeToValue(old.get("inDistribution"), EvaluationResult.Sample.class);
        samples.put(ind.name(), ind);
        for (JsonNode set : old.get("oodSets")) {
            EvaluationResult.Sample s = json.treeToValue(set.get("sample"), EvaluationResult.Sample.class);
            samples.put(s.name(), s);
        }
        List<ScoredSet> scored = EvaluationReport.readScores(out.resolve("scores.csv"), samples::get);
        EvaluationResult.Run was = json.treeToValue(old.get("run"), EvaluationResult.Run.class);
        EvaluationResult.Run run = new EvaluationResult.Run(was.finishedUtc(), was.command(), DiffoodTools.rerun(spec), was.denoiser(),
                was.classifier(), was.bundle(), was.noise(), note != null ? note : was.note());
        List<Evaluations.DetectorInfo> infos = new ArrayList<>();
        for (JsonNode d : old.get("detectors")) {
            infos.add(new Evaluations.DetectorInfo(d.get("name").asText(), d.get("description").asText(),
                    d.get("usesDenoiser").asBoolean(), d.get("calibrated").asBoolean(),
                    d.get("denoiserEvaluations").asInt(), d.get("classifierPasses").asInt()));
        }
        // the suite's order as it was: the old decision detector first, the others in their order
        String decision = overrides.values().getOrDefault(DECISION_PROPERTY, old.get("decision").asText());
        if (infos.stream().noneMatch(d -> d.name().equals(decision))) {
            throw new IllegalArgumentException("the report has no detector " + decision);
        }
        JsonNode t = old.get("timing");
        Evaluations.RawTiming raw = new Evaluations.RawTiming(t.get("seconds").asDouble(), t.get("denoiserMs").asDouble(),
                t.get("classifierMs").asDouble(), json.convertValue(t.get("detectorMs"), new TypeReference<>() { }),
                json.convertValue(t.get("unionTimesteps"), new TypeReference<>() { }), t.get("repeats").asInt(),
                t.get("unionEvaluations").asInt(), t.get("unionPasses").asInt(), t.get("totalSeconds").asDouble());
        Map<String, Object> settings = json.convertValue(old.get("settings"), new TypeReference<>() { });
        settings.put("decision", decision);
        EvaluationResult result = Evaluations.build(run, settings, decision, old.get("falsePositiveRate").asDouble(),
                infos, scored.get(0), scored.subList(1, scored.size()), raw);
        EvaluationReport.write(out, result, scored.get(0), scored.subList(1, scored.size()));
        System.err.printf("%s%nrewritten in %s%n", EvaluationReport.markdown(result), out.toAbsolutePath());
        return 0;
    }

    private static EvaluationResult.Run finished(EvaluationResult.Run run) {
        return new EvaluationResult.Run(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), run.command(),
                run.rerenderedBy(), run.denoiser(), run.classifier(), run.bundle(), run.noise(), run.note());
    }

    private Map<String, Object> settings(DiffoodConfig config, ScoringContext context, ScoreSettings joint,
            String decision) {
        DiffoodConfig.Ddp ddp = config.ddp();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("decision", decision);
        s.put("falsePositiveRate", context.suite().falsePositiveRate());
        s.put("ddpTimesteps", ddp.timesteps());
        s.put("repeats", ddp.repeats());
        s.put("sampleSteps", ddp.sampleSteps());
        s.put("guidance", ddp.guidance());
        s.put("space", ddp.space());
        s.put("noise", ddp.noise().name().toLowerCase(Locale.ROOT));
        s.put("jointTimesteps", joint.timesteps());
        s.put("device", config.device());
        s.put("samplesPerSet", samples);
        s.put("sampleSeed", sampleSeed);
        s.put("split", split.name().toLowerCase(Locale.ROOT));
        s.put("batchSize", batch);
        if (anchors != null) {
            s.put(Anchors.SETTING, anchors);
        }
        return s;
    }

}
