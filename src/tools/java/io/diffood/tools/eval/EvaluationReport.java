package io.diffood.tools.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.diffood.score.Observation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an evaluation to a directory: evaluation.json (every number and the settings), evaluation.md
 * (tables), scores.csv (every image's scores, to recompute anything), roc-SET.png and hist-SET.png.
 */
final class EvaluationReport {

    private EvaluationReport() {
    }

    static void write(Path dir, EvaluationResult result, SampleScores ind, List<SampleScores> oods) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("evaluation.json").toFile(), result);
        Files.writeString(dir.resolve("evaluation.md"), markdown(result), StandardCharsets.UTF_8);
        writeScores(dir.resolve("scores.csv"), ind, oods);
        Map<String, double[]> indMethods = ind.methods();
        for (SampleScores ood : oods) {
            String name = ood.set().name();
            Map<String, double[]> oodMethods = ood.methods();
            Map<String, List<OodMetrics.RocPoint>> curves = new LinkedHashMap<>();
            for (String method : List.of(SampleScores.DDP, "MSP", "max-logit", "energy")) {
                curves.put(String.format(Locale.ROOT, "%s (AUROC %.3f)", method,
                        OodMetrics.auroc(indMethods.get(method), oodMethods.get(method))), OodMetrics.rocCurve(
                                indMethods.get(method), oodMethods.get(method)));
            }
            Charts.roc(dir.resolve("roc-" + name + ".png"), "Fashion-MNIST vs " + name + ": ROC", curves);
            Charts.histogram(dir.resolve("hist-" + name + ".png"), "DDP score: Fashion-MNIST vs " + name,
                    "DDP score (mean over timesteps)", ind.set().name(), ind.ddp(), name, ood.ddp());
        }
    }

    static String markdown(EvaluationResult r) {
        StringBuilder md = new StringBuilder();
        EvaluationResult.Run run = r.run();
        md.append("# Evaluation: Fashion-MNIST (in-distribution) against OOD sets\n\n");
        md.append("Generated ").append(run.finishedUtc()).append(" by\n\n```sh\n").append(run.command()).append("\n```\n\n");
        if (run.note() != null && !run.note().isBlank()) {
            md.append("**Note:** ").append(run.note()).append("\n\n");
        }
        md.append("Models: denoiser `").append(run.denoiser()).append("`, classifier `").append(run.classifier())
                .append("`.  \nSettings: ");
        r.settings().forEach((k, v) -> md.append('`').append(k).append('=').append(v).append("` "));
        EvaluationResult.Sample in = r.inDistribution();
        md.append("\n\nIn-distribution sample: ").append(in.sampled()).append(" of ").append(in.available())
                .append(" images, ").append(in.description()).append(".\n\n");
        md.append("All scores: higher = more OOD. AUROC and AUPR-Out take OOD as the positive class, AUPR-In takes "
                + "InD (score negated); AUPR is average precision as in scikit-learn. FPR@95 is the share of OOD images "
                + "accepted as in-distribution at the threshold that keeps 95% of the InD images of this run.\n\n");

        md.append("## Summary (AUROC)\n\n| OOD set | n | DDP | MSP | max-logit | energy | DDP target | target met | DDP beats baselines |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (EvaluationResult.SetResult s : r.oodSets()) {
            Map<String, OodMetrics> m = s.metrics();
            md.append(String.format(Locale.ROOT, "| %s | %d | **%.4f** | %.4f | %.4f | %.4f | %.2f | %s | %s |\n",
                    s.sample().name(), s.sample().sampled(), m.get(SampleScores.DDP).auroc(), m.get("MSP").auroc(),
                    m.get("max-logit").auroc(), m.get("energy").auroc(), s.ddpAurocTarget(), s.meetsTarget() ? "yes" : "**no**",
                    m.get(SampleScores.DDP).auroc() > s.bestBaselineAuroc() ? "yes" : "**no**"));
        }

        for (EvaluationResult.SetResult s : r.oodSets()) {
            String name = s.sample().name();
            md.append("\n## ").append(name).append("\n\n").append(s.sample().description()).append("; ")
                    .append(s.sample().sampled()).append(" of ").append(s.sample().available()).append(" images.\n\n");
            md.append("| method | AUROC | FPR@95 | AUPR-In | AUPR-Out |\n|---|---:|---:|---:|---:|\n");
            s.metrics().forEach((method, m) -> md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f |\n",
                    method.equals(SampleScores.DDP) ? "DDP (mean over t)" : method, m.auroc(), m.fpr95(), m.auprIn(),
                    m.auprOut())));
            md.append("\n![ROC ").append(name).append("](roc-").append(name).append(".png) ![scores ").append(name)
                    .append("](hist-").append(name).append(".png)\n");
        }

        EvaluationResult.Timing t = r.timing();
        md.append(String.format(Locale.ROOT, "\n## Cost\n\n%d images scored in %.0f s: **%.2f images/s**, %d denoiser "
                        + "evaluations per image; %.0f%% of the time inside denoiser calls, %.0f%% inside classifier "
                        + "calls. Whole command up to here, with data and model loading: %.0f s.\n",
                t.images(), t.seconds(), t.imagesPerSecond(), t.denoiserEvaluationsPerImage(), 100 * t.denoiserShare(),
                100 * t.classifierShare(), t.totalSeconds()));

        if (!r.tradeoff().isEmpty()) {
            md.append("\n## Cost/quality trade-off (DDP AUROC)\n\n");
            md.append("Each setting scored the first ").append(r.tradeoff().get(0).imagesPerSet())
                    .append(" images of every sample (same noise seed); images/s was measured in this run. "
                            + "\\* A setting whose timesteps are some of the main run's, with its repeats, takes the "
                            + "main run's per-timestep scores (the same noise and trajectories, so the same scores) and "
                            + "its speed pro rata of denoiser evaluations.\n\n");
            List<String> sets = List.copyOf(r.tradeoff().get(0).auroc().keySet());
            md.append("| setting | denoiser evals/image | images/s |");
            sets.forEach(s -> md.append(' ').append(s).append(" |"));
            md.append(" mean | min |\n|---|---:|---:|");
            sets.forEach(s -> md.append("---:|"));
            md.append("---:|---:|\n");
            for (EvaluationResult.TradeoffRow row : r.tradeoff()) {
                md.append(String.format(Locale.ROOT, "| %s%s | %d | %.2f |", row.setting(), row.fromMainRun() ? " *" : "",
                        row.denoiserEvaluationsPerImage(), row.imagesPerSecond()));
                sets.forEach(s -> md.append(String.format(Locale.ROOT, " %.4f |", row.auroc().get(s))));
                md.append(String.format(Locale.ROOT, " %.4f | %.4f |\n", row.meanAuroc(), row.minAuroc()));
            }
        }
        return md.toString();
    }

    private static void writeScores(Path file, SampleScores ind, List<SampleScores> oods) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            List<String> methods = List.copyOf(ind.methods().keySet());
            out.println("set,id,label," + String.join(",", methods));
            write(out, ind);
            oods.forEach(o -> write(out, o));
        }
    }

    private static void write(PrintWriter out, SampleScores scores) {
        Map<String, double[]> methods = scores.methods();
        for (int i = 0; i < scores.results().size(); i++) {
            Observation r = scores.results().get(i);
            StringBuilder line = new StringBuilder(scores.set().name()).append(',').append(scores.set().ids().get(i))
                    .append(',').append(r.label());
            for (double[] column : methods.values()) {
                line.append(',').append((float) column[i]);
            }
            out.println(line);
        }
    }
}
