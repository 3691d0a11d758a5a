package io.diffood.tools.eval;

import io.diffood.detect.Calibration;
import io.diffood.detect.Fusion;
import io.diffood.detect.OodBundle;
import io.diffood.tools.ConfigOverrides;
import io.diffood.tools.DiffoodTools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * {@code fusions}: which standardized combination of detectors would beat every one-pass detector on every OOD set
 * of an evaluation. Every subset of the parts, combined by the mean or the max of z-scores or by Fisher's statistic
 * of p-values (each part standardized on the bundle's in-distribution validation scores), and as an upper bound a
 * random search over weighted means and weighted log-sum-exps of the z-scores whose weights are fitted to the very
 * OOD sets they are scored on. Run it on a validation evaluation: a choice made on the test report is no choice.
 */
@Command(name = "fusions", mixinStandardHelpOptions = true,
        description = {"Scores fusions of the detectors in an evaluation's scores.csv, standardized on the OOD "
                + "bundle's validation calibrations, against the best one-pass detector on each OOD set.",
                "Writes a markdown table, best margin first."})
public final class FusionsCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--scores", defaultValue = "docs/evaluation/validation-detectors/scores.csv",
            description = "an evaluation's per-image scores (default: ${DEFAULT-VALUE})")
    Path scores;

    @Option(names = "--parts", split = ",", defaultValue = "knn,mahalanobis,vim,residual,energy,denoisedKnn,denoisedShift",
            description = "detectors combined (default: ${DEFAULT-VALUE})")
    List<String> parts;

    @Option(names = "--robust", split = ",", defaultValue = "denoisedKnn,denoisedShift",
            description = "parts that see denoised images: every fusion scored keeps one (default: ${DEFAULT-VALUE})")
    List<String> robust;

    @Option(names = "--one-pass", split = ",", defaultValue = "knn,mahalanobis,vim,residual,energy,msp,maxLogit",
            description = "the one-pass detectors to beat (default: ${DEFAULT-VALUE})")
    List<String> onePass;

    @Option(names = "--standardize-on", defaultValue = "bundle", description = "bundle: the OOD bundle's validation "
            + "scores; evaluation: the in-distribution rows of --scores, for detectors scored at other settings than "
            + "the bundle's (default: ${DEFAULT-VALUE})")
    Standardization standardizeOn;

    /** Where the z-scores' means and deviations and the p-values come from. */
    public enum Standardization {
        BUNDLE, EVALUATION
    }

    @Option(names = "--search", defaultValue = "3000", description = "random weightings tried (default: ${DEFAULT-VALUE})")
    int search;

    @Option(names = "--top", defaultValue = "12", description = "fusions listed (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--out", defaultValue = "docs/evaluation/validation-detectors/fusions.md",
            description = "report (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    ConfigOverrides overrides;

    @Spec
    CommandSpec spec;

    private record Candidate(String name, double[] auroc, double margin) {
    }

    @Override
    public Integer call() throws IOException {
        ScoreTable table = ScoreTable.read(scores);
        Map<String, Calibration> calibrations = new LinkedHashMap<>();
        if (standardizeOn == Standardization.BUNDLE) {
            try (ScoringContext context = ScoringContext.open(overrides.values())) {
                calibrations.putAll(context.bundle().map(OodBundle::calibrations)
                        .orElseThrow(() -> new IllegalStateException("no OOD bundle: nothing to standardize on")));
            }
        } else {
            parts.forEach(part -> calibrations.put(part, Calibration.of(table.inDistribution(table.column(part)))));
        }
        Map<String, double[]> z = new LinkedHashMap<>();
        Map<String, double[]> p = new LinkedHashMap<>();
        for (String part : parts) {
            Calibration c = calibrations.get(part);
            if (c == null) {
                throw new IllegalArgumentException("the bundle has no calibration of " + part);
            }
            double[] scores = table.column(part);
            z.put(part, Arrays.stream(scores).map(c::zScore).toArray());
            p.put(part, Arrays.stream(scores).map(c::pValue).toArray());
        }
        double[] best = new double[table.oodSets().size()];
        String[] bestName = new String[best.length];
        List<String> onePass = this.onePass.stream().filter(table::has).toList(); // those the evaluation scored
        for (String d : onePass) {
            double[] a = table.aurocs(table.column(d));
            for (int s = 0; s < best.length; s++) {
                if (a[s] > best[s]) {
                    best[s] = a[s];
                    bestName[s] = d;
                }
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int mask = 1; mask < 1 << parts.size(); mask++) {
            List<String> subset = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    subset.add(parts.get(i));
                }
            }
            if (subset.size() < 2 || subset.stream().noneMatch(robust::contains)) {
                continue;
            }
            String names = String.join(", ", subset);
            candidates.add(candidate("mean z(" + names + ")", table, best, i -> Fusion.meanOf(at(z, subset, i))));
            candidates.add(candidate("max z(" + names + ")", table, best, i -> Fusion.maxOf(at(z, subset, i))));
            candidates.add(candidate("Fisher p(" + names + ")", table, best, i -> Fusion.fisher(at(p, subset, i))));
        }
        Random random = new Random(0);
        Candidate mean = null;
        Candidate lse = null;
        for (int trial = 0; trial < search; trial++) {
            double[] w = dirichlet(random, parts.size());
            String weights = weights(w);
            Candidate m = candidate("weighted mean z " + weights + " (weights fitted on these OOD sets)", table, best,
                    i -> weightedMean(w, at(z, parts, i)));
            Candidate l = candidate("weighted log-sum-exp z " + weights + " (weights fitted on these OOD sets)", table,
                    best, i -> weightedLogSumExp(w, at(z, parts, i)));
            mean = mean == null || m.margin() > mean.margin() ? m : mean;
            lse = lse == null || l.margin() > lse.margin() ? l : lse;
        }
        candidates.sort(Comparator.comparingDouble(Candidate::margin).reversed());
        List<Candidate> listed = new ArrayList<>(candidates.subList(0, Math.min(top, candidates.size())));
        if (mean != null) {
            listed.add(mean);
            listed.add(lse);
        }
        write(table, best, bestName, listed, candidates.size());
        System.err.printf("written to %s%n", out.toAbsolutePath());
        return 0;
    }

    private static double[] at(Map<String, double[]> values, List<String> subset, int image) {
        double[] out = new double[subset.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = values.get(subset.get(k))[image];
        }
        return out;
    }

    private static double weightedMean(double[] w, double[] z) {
        double sum = 0;
        for (int k = 0; k < w.length; k++) {
            sum += w[k] * z[k];
        }
        return sum;
    }

    /** log sum_k w_k exp(z_k): a soft maximum, so a part's weight says how much evidence it must bring to count. */
    private static double weightedLogSumExp(double[] w, double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            terms[k] = z[k] + Math.log(w[k] + 1e-12);
            max = Math.max(max, terms[k]);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }

    private static Candidate candidate(String name, ScoreTable table, double[] best, ToDoubleFunction<Integer> score) {
        double[] fused = new double[table.size()];
        for (int i = 0; i < fused.length; i++) {
            fused[i] = score.applyAsDouble(i);
        }
        double[] a = table.aurocs(fused);
        double margin = Double.POSITIVE_INFINITY;
        for (int s = 0; s < a.length; s++) {
            margin = Math.min(margin, a[s] - best[s]);
        }
        return new Candidate(name, a, margin);
    }

    private static double[] dirichlet(Random random, int n) {
        double[] w = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            w[k] = -Math.log(1 - random.nextDouble()) * Math.pow(random.nextDouble(), 2); // skewed: sparse weightings too
            sum += w[k];
        }
        for (int k = 0; k < n; k++) {
            w[k] /= sum;
        }
        return w;
    }

    private String weights(double[] w) {
        List<String> named = new ArrayList<>();
        for (int k = 0; k < w.length; k++) {
            named.add(parts.get(k) + " " + String.format(Locale.ROOT, "%.2f", w[k]));
        }
        return "(" + String.join(", ", named) + ")";
    }

    private void write(ScoreTable table, double[] best, String[] bestName, List<Candidate> listed, int tried)
            throws IOException {
        StringBuilder md = new StringBuilder("# Fusions against the best one-pass detector per OOD set\n\n");
        md.append("Generated by\n\n```sh\n").append(DiffoodTools.rerun(spec)).append("\n```\n\n");
        md.append("Scores: [").append(scores.getFileName()).append("](").append(out.getParent() == null ? scores
                : out.getParent().relativize(scores)).append(") (").append(table.size()).append(" images). Each part is ")
                .append("standardized on ")
                .append(standardizeOn == Standardization.BUNDLE ? "the OOD bundle's in-distribution validation scores"
                        : "the in-distribution rows of these scores (so the in-distribution side is in-sample)")
                .append(". ").append(tried)
                .append(" fusions of ").append(String.join(", ", parts)).append(" (each with at least one of ")
                .append(String.join(", ", robust)).append(") were scored; margin = the smallest difference to the best ")
                .append("one-pass detector over the OOD sets (positive: better on every set).\n\n");
        md.append("| fusion |");
        table.oodSets().forEach(s -> md.append(' ').append(s).append(" |"));
        md.append(" margin |\n|---|");
        table.oodSets().forEach(s -> md.append("---:|"));
        md.append("---:|\n| best one-pass detector |");
        for (int s = 0; s < best.length; s++) {
            md.append(String.format(Locale.ROOT, " %.4f (%s) |", best[s], bestName[s]));
        }
        md.append(" 0 |\n");
        for (Candidate c : listed) {
            md.append("| ").append(c.name()).append(" |");
            for (double a : c.auroc()) {
                md.append(String.format(Locale.ROOT, " %.4f |", a));
            }
            md.append(String.format(Locale.ROOT, " %+.4f |%n", c.margin()));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
    }
}
