package io.diffood.tools.attack;

import io.diffood.tools.DiffoodTools;
import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.detect.DetectorSuite;
import io.diffood.model.ImageShape;
import io.diffood.score.NoiseSeeds;
import io.diffood.tools.Progress;
import io.diffood.tools.eval.ImageSet;
import io.diffood.tools.eval.NoiseSource;
import io.diffood.tools.eval.OodDatasets;
import io.diffood.tools.eval.OodMetrics;
import io.diffood.tools.eval.ScoredSet;
import io.diffood.tools.eval.ScoringContext;
import io.diffood.tools.eval.SuiteScoring;
import me.tongfei.progressbar.ProgressBar;
import io.diffood.tools.ConfigOverrides;
import io.diffood.tools.eval.DataFolders;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
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
 * {@code attack}: black-box score-based L∞ attacks (NES) on OOD images, through the function's scoring stack. Transfer:
 * craft against a one-pass detector, evaluate every detector on the result. Adaptive: craft against a denoiser-based
 * detector under a noise policy (fixed, keyed, fresh), optionally averaging each query over several noise draws.
 */
@Command(name = "attack", mixinStandardHelpOptions = true,
        description = {"Pushes OOD images (MNIST by default) toward in-distribution scores of a target detector with a "
                + "seeded black-box NES attack (L-inf budget, query budget), through the function's scoring stack, and "
                + "reports the AUROC of every detector on the attacked images against an in-distribution sample.",
                "--mode transfer crafts against a one-pass detector (default knn); --mode adaptive against a "
                + "denoiser-based one (default denoisedKnn) under --noise fixed|keyed|fresh, --eot M averaging each "
                + "query over M noise draws.",
                "Writes NAME.json and NAME.md into --out and rewrites its README.md with every run's table."})
public final class AttackCommand implements Callable<Integer> {

    /** How the attacker crafts. */
    public enum Mode {
        TRANSFER, ADAPTIVE
    }

    @Option(names = "--mode", defaultValue = "transfer", description = "transfer or adaptive (default: ${DEFAULT-VALUE})")
    Mode mode;

    @Option(names = "--target", description = "detector the attacker queries (default: knn for transfer, denoisedKnn "
            + "for adaptive)")
    String target;

    @Option(names = "--eps", split = ",", converter = Budget.class, description = "L-inf budgets in pixel units, "
            + "pixels in [0, 1]: a number or a fraction such as 8/255 (default: 0.05,0.1,0.2 for transfer, 0.2 for "
            + "adaptive)")
    List<Double> budgets;

    @Option(names = "--iterations", description = "NES iterations (default: 40 transfer, 20 adaptive)")
    Integer iterations;

    @Option(names = "--queries", description = "queries per iteration, even (default: 40 transfer, 20 adaptive)")
    Integer queries;

    @Option(names = "--surrogate", defaultValue = "0", description = "transfer only: the attacker queries its own "
            + "float KNN over the classifier features of this many trained-on in-distribution images (the demo: "
            + "Fashion-MNIST train 0..54999; a model set of its own data: the trained-on part of its source) instead "
            + "of the target "
            + "(it needs the classifier, not the function's bank); 0: the target itself (default: ${DEFAULT-VALUE})")
    int surrogate;

    @Option(names = "--endpoint", description = "the attacker queries a running function at this URL (POST /score, "
            + "its own noise policy and key) instead of the scoring stack in this process; with --noise fixed it pins "
            + "diffood.ddp.seed in every request, as the API allows")
    URI endpoint;

    @Option(names = "--in-flight", defaultValue = "16", description = "with --endpoint: requests in flight at once "
            + "(default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--sigma", defaultValue = "0.01", description = "NES probe radius (default: ${DEFAULT-VALUE})")
    double sigma;

    @Option(names = "--step", description = "step per iteration (default: 2.5 eps / iterations)")
    Double step;

    @Option(names = "--noise", description = "the function's noise policy: fixed, keyed or fresh; the attacker's "
            + "queries and the final scoring both get it (default: diffood.ddp.noise)")
    NoiseSeeds.Policy noise;

    @Option(names = "--eot", defaultValue = "1", description = "noise draws each query is averaged over (default: ${DEFAULT-VALUE})")
    int eot;

    @Option(names = "--seed", defaultValue = "0", description = "attack seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--ood", defaultValue = "mnist", description = "the OOD set attacked (default: ${DEFAULT-VALUE})")
    String oodSet;

    @Option(names = "--images", description = "OOD images attacked (default: 150 transfer, 40 adaptive)")
    Integer images;

    @Option(names = "--ind-samples", defaultValue = "500",
            description = "in-distribution images the attacked ones are compared with (default: ${DEFAULT-VALUE})")
    int indSamples;

    @Option(names = "--split", defaultValue = "test", description = "test or validation (default: ${DEFAULT-VALUE})")
    OodDatasets.Split split;

    @Option(names = "--sample-seed", defaultValue = "0", description = "seed of the sample order (default: ${DEFAULT-VALUE})")
    long sampleSeed;

    @Option(names = "--detectors", split = ",", description = "detectors evaluated on the attacked images (default: all)")
    List<String> detectors = List.of();

    @Option(names = "--batch", defaultValue = "8", description = "images attacked together, i.e. per oracle call "
            + "(default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--chunk", defaultValue = "320", description = "images per scorer call (default: ${DEFAULT-VALUE})")
    int chunk;

    @Mixin
    DataFolders data;

    @Option(names = "--out", defaultValue = "docs/evaluation/attacks", description = "report folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--name", description = "file stem of the report (default from mode, target, noise, eot)")
    String name;

    @Option(names = "--note", description = "a note kept in the report")
    String note;

    @Mixin
    ConfigOverrides overrides;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        boolean transfer = mode == Mode.TRANSFER;
        String target = this.target != null ? this.target : transfer ? "knn" : "denoisedKnn";
        List<Double> budgets = this.budgets != null ? this.budgets : transfer ? List.of(0.05, 0.1, 0.2) : List.of(0.2);
        int iterations = this.iterations != null ? this.iterations : transfer ? 40 : 20;
        int queries = this.queries != null ? this.queries : transfer ? 40 : 20;
        int images = this.images != null ? this.images : transfer ? 150 : 40;
        try (ScoringContext context = ScoringContext.open(overrides.values())) {
            DetectorSuite suite = context.suite();
            List<String> evaluated = context.detectors(detectors);
            context.detectors(List.of(target));
            if (!evaluated.contains(target)) {
                throw new ParameterException(spec.commandLine(), "the target " + target + " must be among --detectors");
            }
            NoiseSource served = noise == null ? context.noise(seed) : context.noise(seed).with(noise, seed);
            if (eot > 1 && served.policy() == NoiseSeeds.Policy.FIXED) {
                throw new ParameterException(spec.commandLine(), "--eot needs noise that varies: keyed or fresh");
            }
            boolean oneShot = context.cost(target).denoiserEvaluations() == 0;
            if (surrogate > 0 && endpoint != null) {
                throw new ParameterException(spec.commandLine(), "--surrogate and --endpoint exclude each other");
            }
            if (surrogate > 0 && !(transfer && oneShot)) {
                throw new ParameterException(spec.commandLine(), "--surrogate is for transfer attacks on a one-pass target");
            }
            String stem = name != null ? name : transfer ? "transfer-" + target
                    : "adaptive-" + target + "-" + served.name() + (eot > 1 ? "-eot" + eot : "");

            OodDatasets data = this.data.open(context, sampleSeed, split);
            ImageSet ood = data.ood(oodSet, images);
            ImageSet ind = data.inDistribution(indSamples);
            ImageSet surrogateBank = surrogate > 0 ? data.inDistributionTrained(surrogate) : null;
            // the noise the final scoring uses: as served; with a fixed seed also noise the attacker never saw
            List<NoiseSource> scoringNoise = new ArrayList<>(List.of(served));
            if (served.policy() == NoiseSeeds.Policy.FIXED && !oneShot) {
                scoringNoise.add(served.with(NoiseSeeds.Policy.KEYED, seed));
            }
            DiffoodConfig config = context.config();
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("mode", mode.name().toLowerCase(Locale.ROOT));
            settings.put("target", target);
            settings.put("noise", served.name());
            settings.put("noiseDescription", served.describe());
            settings.put("eot", eot);
            settings.put("iterations", iterations);
            settings.put("queries", queries);
            settings.put("sigma", sigma);
            settings.put("step", step != null ? step : "2.5 eps / iterations");
            settings.put("seed", seed);
            settings.put("probes", probes(context, target, served, oneShot, surrogateBank));
            settings.put("surrogateBank", surrogate);
            settings.put("ddpTimesteps", context.ddpTimesteps());
            settings.put("repeats", context.repeats());
            settings.put("split", split.name().toLowerCase(Locale.ROOT));
            settings.put("sampleSeed", sampleSeed);
            settings.put("falsePositiveRate", suite.falsePositiveRate());
            settings.put("batch", batch);

            long total = (long) (ind.size() + ood.size()) * scoringNoise.size()
                    + budgets.size() * ((long) images * iterations * queries + (long) ood.size() * scoringNoise.size());
            try (ProgressBar bar = Progress.bar("attack", "images", 0, total)) {
                SuiteScoring scoring = new SuiteScoring(context, evaluated, 8, null);
                List<ScoredSet> indScored = new ArrayList<>();
                List<AttackResult.Evaluated> clean = new ArrayList<>();
                for (NoiseSource n : scoringNoise) {
                    ScoredSet in = scoring.score(ind, fresh(n, 1));
                    indScored.add(in);
                    clean.add(evaluate(n, in, scoring.score(ood, fresh(n, 2)), evaluated, suite.falsePositiveRate()));
                    bar.stepBy(ind.size() + ood.size());
                }
                List<AttackResult.DetectorCost> costs = new ArrayList<>();
                for (String d : evaluated) {
                    double fpr = indScored.get(0).flaggedShare(d, suite.falsePositiveRate());
                    costs.add(new AttackResult.DetectorCost(d, context.cost(d).denoiserEvaluations() > 0,
                            context.cost(d).denoiserEvaluations(), Double.isNaN(fpr) ? null : fpr));
                }
                List<AttackResult.Budget> results = new ArrayList<>();
                for (double epsilon : budgets) {
                    long start = System.nanoTime();
                    double stepSize = step != null ? step : 2.5 * epsilon / iterations;
                    NesAttack attack = new NesAttack(new NesAttack.Settings(epsilon, iterations, queries, sigma,
                            stepSize, seed));
                    ScoreOracle oracle = oracle(context, target, served,
                            surrogateBank == null ? List.of() : surrogateBank.images());
                    List<float[]> attacked = attack.attack(ood.images(), 0, batch, oracle, bar);
                    long queriesPerImage = oracle.queries() / images;
                    long evaluationsPerImage = oracle.evaluations() / images;
                    DetectorOracle measure = new DetectorOracle(context, target, fresh(served, 4), 1, chunk);
                    double before = mean(measure.scores(ood.images()));
                    double after = mean(measure.scores(attacked));
                    ImageSet attackedSet = new ImageSet(ood.name() + "-attacked", ood.description() + ", attacked at "
                            + "eps " + epsilon, ood.available(), ood.ids(), attacked);
                    List<AttackResult.Evaluated> scored = new ArrayList<>();
                    for (int k = 0; k < scoringNoise.size(); k++) {
                        NoiseSource n = scoringNoise.get(k);
                        scored.add(evaluate(n, indScored.get(k), scoring.score(attackedSet, fresh(n, 5)), evaluated,
                                suite.falsePositiveRate()));
                        bar.stepBy(ood.size());
                    }
                    results.add(new AttackResult.Budget(epsilon, (System.nanoTime() - start) / 1e9, before, after,
                            meanLinf(ood.images(), attacked), queriesPerImage, evaluationsPerImage, scored));
                    AttackResult result = new AttackResult(new AttackResult.Run(stem,
                            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), DiffoodTools.rerun(spec),
                            CoreSettings.modelSet(config).denoiser().toString(), CoreSettings.modelSet(config).classifier().toString(),
                            context.bundleDescription(), note), settings,
                            new AttackResult.Sample(ind.name(), ind.description(), ind.available(), ind.size()),
                            new AttackResult.Sample(ood.name(), ood.description(), ood.available(), ood.size()), target,
                            costs, clean, List.copyOf(results));
                    AttackReport.write(out, stem, result);
                    AttackReport.examples(out.resolve(AttackReport.examplesFile(result, epsilon)), ood.images(),
                            attacked, context.models().imageShape(), 10);
                }
            }
            System.err.printf("%nwritten to %s%n", out.resolve(stem + ".md").toAbsolutePath());
        }
        return 0;
    }

    /** An L-inf budget as a number ("0.0314") or a fraction ("8/255", the CIFAR convention), in (0, 1]. */
    static final class Budget implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String[] parts = value.strip().split("/");
            double eps;
            try {
                eps = parts.length == 2 ? Double.parseDouble(parts[0]) / Double.parseDouble(parts[1])
                        : parts.length == 1 ? Double.parseDouble(parts[0]) : Double.NaN;
            } catch (NumberFormatException e) {
                eps = Double.NaN;
            }
            if (!(eps > 0 && eps <= 1)) {
                throw new TypeConversionException("an L-inf budget is a number or fraction in (0, 1], e.g. 0.05 or "
                        + "8/255, not '" + value + "'");
            }
            return eps;
        }
    }

    /** Whom the attacker queries: its own surrogate, a running function, or the scoring stack in this process. */
    private ScoreOracle oracle(ScoringContext context, String target, NoiseSource served, List<float[]> surrogateBank) {
        if (surrogate > 0) {
            return new SurrogateKnnOracle(context.scorer(), surrogateBank, knnK(context), chunk);
        }
        if (endpoint != null) {
            ImageShape shape = context.models().imageShape();
            Long pinned = served.policy() == NoiseSeeds.Policy.FIXED ? context.config().ddp().seed() : null;
            return new HttpOracle(endpoint, target, new int[] {shape.height(), shape.width(), shape.channels()}, pinned,
                    eot, inFlight);
        }
        // the attacker's queries get the served policy's noise; fresh noise from its own stream
        return new DetectorOracle(context, target, fresh(served, 3), eot, chunk);
    }

    private static int knnK(ScoringContext context) {
        return context.bundle().orElseThrow(() -> new IllegalStateException("no OOD bundle: no KNN")).k();
    }

    /** What one query is: the attacker's own KNN, a request to a running function, or the target's work in process. */
    private String probes(ScoringContext context, String target, NoiseSource served, boolean oneShot,
            ImageSet surrogateBank) {
        if (surrogateBank != null) {
            return "one classifier pass per query, scored by the attacker's own KNN (k = " + knnK(context)
                    + ", float) over the features of " + surrogateBank.size() + " images of " + surrogateBank.name()
                    + " (" + surrogateBank.description() + ")";
        }
        if (endpoint != null) {
            return "POST " + endpoint.resolve("/score") + " per query, the score of " + target + " as the function "
                    + "answers it" + (served.policy() == NoiseSeeds.Policy.FIXED
                    ? " with the seed pinned to " + context.config().ddp().seed() : " with the function's own noise");
        }
        if (oneShot) {
            return "one classifier pass per query";
        }
        return context.cost(target).denoiserEvaluations() + " denoiser evaluations per query (t = "
                + context.suite().detector(target).timesteps(context.ddpTimesteps()) + ", " + context.repeats()
                + " repeats), noise " + served.describe();
    }

    /** The source with its fresh stream moved to a stream of its own (keyed and fixed seeds are unchanged). */
    private NoiseSource fresh(NoiseSource source, int stream) {
        return source.with(source.policy(), seed * 31 + stream);
    }

    private static AttackResult.Evaluated evaluate(NoiseSource noise, ScoredSet ind, ScoredSet ood, List<String> detectors,
            double alpha) {
        Map<String, Double> auroc = new LinkedHashMap<>();
        Map<String, Double> flagged = new LinkedHashMap<>();
        for (String d : detectors) {
            auroc.put(d, OodMetrics.auroc(ind.scores(d), ood.scores(d)));
            double f = ood.flaggedShare(d, alpha);
            if (!Double.isNaN(f)) {
                flagged.put(d, f);
            }
        }
        return new AttackResult.Evaluated(noise.name(), auroc, flagged);
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    private static double meanLinf(List<float[]> a, List<float[]> b) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            double max = 0;
            for (int p = 0; p < a.get(i).length; p++) {
                max = Math.max(max, Math.abs(a.get(i)[p] - b.get(i)[p]));
            }
            sum += max;
        }
        return sum / a.size();
    }
}
