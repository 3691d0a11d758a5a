package io.diffood.tools.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Writes an evaluation to a directory: evaluation.json (every number and the settings), evaluation.md (tables, the
 * detectors side by side, the decision detector first), scores.csv (every image's score and p-value per detector, to
 * recompute anything; also what {@code evaluate --rerender} reads back), and for the decision detector roc-SET.png
 * (beside a few others) and hist-SET.png.
 */
final class EvaluationReport {

    /** Detectors drawn beside the decision detector in the ROC plots, when present. */
    private static final List<String> ROC_COMPANIONS = List.of("knn", "denoisedKnn", "fusedKnn", "ddp", "energy");
    private static final int MAX_CURVES = 5;
    private static final String P_PREFIX = "p:";

    private EvaluationReport() {
    }

    static void write(Path dir, EvaluationResult result, ScoredSet ind, List<ScoredSet> oods) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("evaluation.json").toFile(),
                result);
        Files.writeString(dir.resolve("evaluation.md"), markdown(result), StandardCharsets.UTF_8);
        writeScores(dir.resolve("scores.csv"), result, ind, oods);
        String decision = result.decision();
        List<String> curves = new ArrayList<>();
        curves.add(decision);
        for (String d : ROC_COMPANIONS) {
            if (curves.size() < MAX_CURVES && !curves.contains(d) && ind.scores().containsKey(d)) {
                curves.add(d);
            }
        }
        for (ScoredSet ood : oods) {
            String name = ood.set().name();
            Map<String, List<OodMetrics.RocPoint>> roc = new LinkedHashMap<>();
            for (String d : curves) {
                roc.put(String.format(Locale.ROOT, "%s%s (AUROC %.3f)", d, d.equals(decision) ? ", decision" : "",
                        OodMetrics.auroc(ind.scores(d), ood.scores(d))), OodMetrics.rocCurve(ind.scores(d), ood.scores(d)));
            }
            String in = inDistributionLabel(ind.set().name());
            Charts.roc(dir.resolve("roc-" + name + ".png"), in + " vs " + name + ": ROC", roc);
            Charts.histogram(dir.resolve("hist-" + name + ".png"), decision + " score: " + in + " vs " + name,
                    decision + " score (higher = more OOD)", ind.set().name(), ind.scores(decision), name,
                    ood.scores(decision));
        }
    }

    static String markdown(EvaluationResult r) {
        StringBuilder md = new StringBuilder();
        EvaluationResult.Run run = r.run();
        md.append("# Evaluation: every detector, ").append(inDistributionLabel(r.inDistribution().name()))
                .append(" (in-distribution) against OOD sets\n\n");
        md.append("Generated ").append(run.finishedUtc()).append(" by\n\n```sh\n").append(run.command()).append("\n```\n\n");
        if (run.rerenderedBy() != null) {
            md.append("Report rewritten from that run's scores.csv by\n\n```sh\n").append(run.rerenderedBy())
                    .append("\n```\n\n");
        }
        if (run.note() != null && !run.note().isBlank()) {
            md.append("**Note:** ").append(run.note()).append("\n\n");
        }
        md.append("Models: denoiser `").append(run.denoiser()).append("`, classifier `").append(run.classifier())
                .append("`; OOD bundle: ").append(run.bundle()).append(".  \nNoise: ").append(run.noise())
                .append(".  \nSettings: ");
        r.settings().forEach((k, v) -> md.append('`').append(k).append('=').append(v).append("` "));
        EvaluationResult.Sample in = r.inDistribution();
        md.append("\n\nIn-distribution sample: ").append(in.sampled()).append(" of ").append(in.available())
                .append(" images, ").append(in.description()).append(".\n\n");
        md.append("All scores: higher = more OOD. AUROC and AUPR-Out take OOD as the positive class, AUPR-In takes "
                + "InD (score negated); AUPR is average precision as in scikit-learn. FPR@95 is the share of OOD images "
                + "accepted as in-distribution at the threshold that keeps 95 % of the InD images of this run. The "
                + "decision detector (`").append(r.decision()).append("`) comes first; it decides `ood` = p-value < ")
                .append(fmt(r.falsePositiveRate(), 2)).append(" with p-values from the bundle's in-distribution "
                        + "validation scores.\n\n");

        md.append("## Detectors\n\n");
        md.append("| detector | uses the denoiser | denoiser evals/image | classifier passes/image | ms/image | "
                + "mean AUROC | worst AUROC (set) | observed FPR at ").append(pct(r.falsePositiveRate()))
                .append(" target |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (EvaluationResult.DetectorRow d : r.detectors()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.4f | %.4f (%s) | %s |\n",
                    label(d.name(), r.decision()), d.usesDenoiser() ? "yes" : "no", d.denoiserEvaluations(),
                    d.classifierPasses(), d.msPerImage(), d.meanAuroc(), d.worstAuroc(), d.worstSet(),
                    d.observedFpr() == null ? "uncalibrated"
                            : String.format(Locale.ROOT, "%.1f %% (%d of %d)", 100 * d.observedFpr(), d.observedFlagged(),
                                    in.sampled())));
        }
        md.append("\nDescriptions:\n\n");
        r.detectors().forEach(d -> md.append("- `").append(d.name()).append("`: ").append(d.description()).append('\n'));

        table(md, r, "AUROC", EvaluationResult.Metrics::auroc, true);
        table(md, r, "FPR@95 (lower is better)", EvaluationResult.Metrics::fpr95, false);
        table(md, r, "AUPR-In", EvaluationResult.Metrics::auprIn, false);
        table(md, r, "AUPR-Out", EvaluationResult.Metrics::auprOut, false);
        md.append("\n## Share of OOD images flagged at the ").append(pct(r.falsePositiveRate()))
                .append(" target (p-value < ").append(fmt(r.falsePositiveRate(), 2)).append(")\n\n");
        header(md, r);
        for (EvaluationResult.SetResult s : r.oodSets()) {
            md.append("| ").append(s.sample().name()).append(" | ").append(s.sample().sampled()).append(" |");
            for (EvaluationResult.DetectorRow d : r.detectors()) {
                Double f = s.metrics().get(d.name()).flaggedAtTarget();
                md.append(' ').append(f == null ? "–" : fmt(f, 3)).append(" |");
            }
            md.append('\n');
        }

        Anchors.append(md, r);

        EvaluationResult.Timing t = r.timing();
        md.append(String.format(Locale.ROOT, "\n## Cost\n\n%d images observed once each, denoised from t = %s with %d "
                        + "repeats (%d denoiser evaluations and %d classifier passes per image, the union of the detectors' "
                        + "needs), in %.0f s: %.2f images/s; %.0f %% of that time inside denoiser calls, %.1f %% inside "
                        + "classifier calls. The whole command, with data and model loading: %.0f s.\n\n%s\n",
                t.images(), t.unionTimesteps(), t.repeats(), t.unionEvaluations(), t.unionPasses(), t.seconds(),
                t.imagesPerSecond(), 100 * t.denoiserMs() / 1000 / t.seconds(), 100 * t.classifierMs() / 1000 / t.seconds(),
                t.totalSeconds(), t.attribution()));

        md.append("\n## Plots (decision detector `").append(r.decision()).append("`)\n\n");
        for (EvaluationResult.SetResult s : r.oodSets()) {
            String name = s.sample().name();
            md.append("### ").append(name).append("\n\n").append(s.sample().description()).append("; ")
                    .append(s.sample().sampled()).append(" of ").append(s.sample().available()).append(" images.\n\n")
                    .append("![ROC ").append(name).append("](roc-").append(name).append(".png) ![scores ").append(name)
                    .append("](hist-").append(name).append(".png)\n\n");
        }
        return md.toString();
    }

    private static void table(StringBuilder md, EvaluationResult r, String title,
            ToDoubleFunction<EvaluationResult.Metrics> metric, boolean summary) {
        md.append("\n## ").append(title).append("\n\n");
        header(md, r);
        for (EvaluationResult.SetResult s : r.oodSets()) {
            md.append("| ").append(s.sample().name()).append(" | ").append(s.sample().sampled()).append(" |");
            double best = !summary ? Double.NaN : r.detectors().stream()
                    .mapToDouble(d -> metric.applyAsDouble(s.metrics().get(d.name()))).max().orElse(Double.NaN);
            for (EvaluationResult.DetectorRow d : r.detectors()) {
                double v = metric.applyAsDouble(s.metrics().get(d.name()));
                md.append(' ').append(v == best ? "**" + fmt(v, 4) + "**" : fmt(v, 4)).append(" |");
            }
            md.append('\n');
        }
        if (summary) {
            md.append("| mean | |");
            r.detectors().forEach(d -> md.append(' ').append(fmt(d.meanAuroc(), 4)).append(" |"));
            md.append("\n| worst | |");
            r.detectors().forEach(d -> md.append(' ').append(fmt(d.worstAuroc(), 4)).append(" |"));
            md.append('\n');
        }
    }

    private static void header(StringBuilder md, EvaluationResult r) {
        md.append("| OOD set | n |");
        r.detectors().forEach(d -> md.append(' ').append(label(d.name(), r.decision())).append(" |"));
        md.append("\n|---|---:|");
        r.detectors().forEach(d -> md.append("---:|"));
        md.append('\n');
    }

    /** What titles call the in-distribution data: its sample's name without the split (fashion-mnist: as ever). */
    static String inDistributionLabel(String sampleName) {
        return sampleName.startsWith("fashion-mnist") ? "Fashion-MNIST"
                : sampleName.replaceFirst("-(test|validation)$", "");
    }

    private static String label(String name, String decision) {
        return name.equals(decision) ? "**" + name + "** (decision)" : name;
    }

    private static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * share);
    }

    // scores.csv: set,id,label, one column per detector, then p:<detector> per calibrated detector

    private static void writeScores(Path file, EvaluationResult r, ScoredSet ind, List<ScoredSet> oods)
            throws IOException {
        List<String> detectors = r.detectors().stream().map(EvaluationResult.DetectorRow::name).toList();
        List<String> calibrated = detectors.stream().filter(ind.pValues()::containsKey).toList();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            StringBuilder header = new StringBuilder("set,id,label");
            detectors.forEach(d -> header.append(',').append(d));
            calibrated.forEach(d -> header.append(',').append(P_PREFIX).append(d));
            out.println(header);
            List<ScoredSet> all = new ArrayList<>();
            all.add(ind);
            all.addAll(oods);
            for (ScoredSet s : all) {
                for (int i = 0; i < s.set().size(); i++) {
                    StringBuilder line = new StringBuilder(s.set().name()).append(',').append(csv(s.set().ids().get(i)))
                            .append(',').append(s.labels()[i]);
                    for (String d : detectors) {
                        line.append(',').append(s.scores(d)[i]);
                    }
                    for (String d : calibrated) {
                        line.append(',').append(s.pValues().get(d)[i]);
                    }
                    out.println(line);
                }
            }
        }
    }

    private static String csv(String id) {
        return id.contains(",") || id.contains("\"") ? "\"" + id.replace("\"", "\"\"") + "\"" : id;
    }

    /**
     * The scored sets of a scores.csv, in file order (the in-distribution sample first); images are not kept, only
     * their ids. {@code samples} gives each set's description and size of source by name.
     */
    static List<ScoredSet> readScores(Path file, Function<String, EvaluationResult.Sample> samples) throws IOException {
        Map<String, List<String[]>> rows = new LinkedHashMap<>();
        String[] header;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            header = in.readLine().split(",");
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = splitCsv(line);
                rows.computeIfAbsent(cells[0], k -> new ArrayList<>()).add(cells);
            }
        }
        List<ScoredSet> sets = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> e : rows.entrySet()) {
            List<String[]> lines = e.getValue();
            int n = lines.size();
            List<String> ids = new ArrayList<>();
            List<float[]> none = new ArrayList<>();
            int[] labels = new int[n];
            Map<String, double[]> scores = new LinkedHashMap<>();
            Map<String, double[]> pValues = new LinkedHashMap<>();
            for (int c = 3; c < header.length; c++) {
                double[] column = new double[n];
                for (int i = 0; i < n; i++) {
                    column[i] = Double.parseDouble(lines.get(i)[c]);
                }
                if (header[c].startsWith(P_PREFIX)) {
                    pValues.put(header[c].substring(P_PREFIX.length()), column);
                } else {
                    scores.put(header[c], column);
                }
            }
            for (int i = 0; i < n; i++) {
                ids.add(lines.get(i)[1]);
                none.add(new float[0]);
                labels[i] = Integer.parseInt(lines.get(i)[2]);
            }
            EvaluationResult.Sample sample = samples.apply(e.getKey());
            sets.add(new ScoredSet(new ImageSet(e.getKey(), sample.description(), sample.available(), ids, none), labels,
                    scores, pValues, new ScoredSet.Timing(n, 0, 0, 0, Map.of())));
        }
        return sets;
    }

    private static String[] splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells.toArray(String[]::new);
    }
}
