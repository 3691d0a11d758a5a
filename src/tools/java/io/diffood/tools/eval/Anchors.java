package io.diffood.tools.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Published figures a report can show beside its own: a fixed table per benchmark, AUROC on near-OOD and far-OOD
 * sets, and this run's detectors averaged the same way over the sets of the run that play those parts.
 */
final class Anchors {

    /** The settings key under which a report names its anchors (kept through --rerender). */
    static final String SETTING = "anchors";

    /** One published row: AUROC in percent, near-OOD and far-OOD. */
    record Row(String method, double near, double far) {
    }

    /** A benchmark's published rows, and which sets of our run stand for its near and far OOD. */
    record Table(String name, String source, List<Row> rows, List<String> nearSets, List<String> farSets,
            String comparison) {
    }

    static final Table OPENOOD_CIFAR10 = new Table("openood-cifar10",
            "OpenOOD v1.5, CIFAR-10, ResNet-18 at 95.06 % test accuracy, post-hoc detectors (AUROC %; near-OOD: "
                    + "CIFAR-100, TinyImageNet; far-OOD: MNIST, SVHN, Textures, Places365)",
            List.of(new Row("MSP", 88.03, 90.73), new Row("energy", 87.58, 91.21),
                    new Row("Mahalanobis", 84.20, 89.72), new Row("ViM", 88.68, 93.48), new Row("KNN", 90.64, 92.96),
                    new Row("best post-hoc on the leaderboard (about)", 91.1, 94.7)),
            List.of("jigsaw"), List.of("textures", "mnist"),
            "Our data are the JPEG re-encodings of CIFAR-10 (train and test alike) and our models are our own, so "
                    + "these figures are comparable in kind, not to the decimal. Our near-OOD is `jigsaw` (shuffled "
                    + "tiles of CIFAR-10 test images; OpenOOD's near sets are other datasets, CIFAR-100 and "
                    + "TinyImageNet, not available here); our far-OOD is the mean over the two far sets OpenOOD also "
                    + "uses, `textures` and `mnist` (no SVHN or Places365 copy here).");

    private static final List<Table> TABLES = List.of(OPENOOD_CIFAR10);

    private Anchors() {
    }

    static Table named(String name) {
        return TABLES.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown anchors '" + name + "'; known: "
                        + TABLES.stream().map(Table::name).toList()));
    }

    /** The anchors section of a report, or nothing when the run names none. */
    static void append(StringBuilder md, EvaluationResult r) {
        Object name = r.settings().get(SETTING);
        if (name == null) {
            return;
        }
        Table t = named(name.toString());
        md.append("\n## Anchors: published figures beside ours\n\n").append(t.source()).append(".\n\n")
                .append(t.comparison()).append("\n\n| method | near-OOD AUROC % | far-OOD AUROC % |\n|---|---:|---:|\n");
        for (Row row : t.rows()) {
            md.append(String.format(Locale.ROOT, "| %s (published) | %.2f | %.2f |\n", row.method(), row.near(),
                    row.far()));
        }
        for (EvaluationResult.DetectorRow d : r.detectors()) {
            md.append("| ").append(d.name()).append(d.name().equals(r.decision()) ? " (ours, decision)" : " (ours)")
                    .append(" | ").append(mean(r, d.name(), t.nearSets())).append(" | ")
                    .append(mean(r, d.name(), t.farSets())).append(" |\n");
        }
    }

    /** Mean AUROC in percent over those of {@code sets} the run has; "–" if none. */
    private static String mean(EvaluationResult r, String detector, List<String> sets) {
        List<Double> values = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (EvaluationResult.SetResult s : r.oodSets()) {
            Map<String, EvaluationResult.Metrics> m = s.metrics();
            if (sets.contains(s.sample().name()) && m.containsKey(detector)) {
                values.add(m.get(detector).auroc());
                used.add(s.sample().name());
            }
        }
        if (values.isEmpty()) {
            return "–";
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return String.format(Locale.ROOT, "%.2f", 100 * mean) + (used.size() < sets.size() ? " (" + used + " only)" : "");
    }
}
