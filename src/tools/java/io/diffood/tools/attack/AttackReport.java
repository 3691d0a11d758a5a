package io.diffood.tools.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.diffood.model.ImageShape;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Writes an attack run as NAME.json and NAME.md, and the folder's README.md: every run's AUROC table. */
final class AttackReport {

    private AttackReport() {
    }

    static void write(Path dir, String name, AttackResult result) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(name + ".json").toFile(),
                result);
        Files.writeString(dir.resolve(name + ".md"), markdown(result), StandardCharsets.UTF_8);
        writeIndex(dir);
    }

    static String title(AttackResult r) {
        Object mode = r.settings().get("mode");
        String title = "transfer".equals(mode) ? "Transfer attack crafted against " + r.target()
                : "Adaptive attack against " + r.target() + " under " + r.settings().get("noise") + " noise";
        int eot = ((Number) r.settings().get("eot")).intValue();
        return title + (eot > 1 ? ", averaging each query over " + eot + " noise draws (EOT)" : "");
    }

    static String markdown(AttackResult r) {
        StringBuilder md = new StringBuilder("# ").append(title(r)).append("\n\n");
        md.append("Generated ").append(r.run().finishedUtc()).append(" by\n\n```sh\n").append(r.run().command())
                .append("\n```\n\n");
        if (r.run().note() != null && !r.run().note().isBlank()) {
            md.append("**Note:** ").append(r.run().note()).append("\n\n");
        }
        md.append("Models: denoiser `").append(r.run().denoiser()).append("`, classifier `").append(r.run().classifier())
                .append("`; OOD bundle: ").append(r.run().bundle()).append(".  \nSettings: ");
        r.settings().forEach((k, v) -> md.append('`').append(k).append('=').append(v).append("` "));
        md.append("\n\nAttacked: ").append(r.attacked().sampled()).append(" images of ").append(r.attacked().description())
                .append(". In-distribution: ").append(r.inDistribution().sampled()).append(" images of ")
                .append(r.inDistribution().description()).append(".\n\n");
        md.append(String.format(Locale.ROOT, "The attacker (NES, antithetic Gaussian probes, sign-gradient steps, "
                        + "projection to the ε-ball and [0, 1]) lowers the score of `%s`; a query: %s; "
                        + "%s iterations × %s queries per image per budget. AUROC: attacked OOD images against the "
                        + "in-distribution sample, OOD positive; every detector scores the same attacked images, "
                        + "observed through the function's stack with the noise named in the column.\n\n",
                r.target(), r.settings().get("probes"), r.settings().get("iterations"), r.settings().get("queries")));

        md.append("## AUROC\n\n| detector | denoiser evals/image |");
        List<String> columns = new ArrayList<>();
        for (AttackResult.Evaluated e : r.clean()) {
            columns.add("clean" + (r.clean().size() > 1 ? " (" + e.noise() + ")" : ""));
        }
        for (AttackResult.Budget b : r.budgets()) {
            for (AttackResult.Evaluated e : b.evaluated()) {
                columns.add("ε = " + fmt(b.epsilon(), 2) + (b.evaluated().size() > 1 ? " (" + e.noise() + ")" : ""));
            }
        }
        columns.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|---:|");
        columns.forEach(c -> md.append("---:|"));
        md.append('\n');
        for (AttackResult.DetectorCost d : r.detectors()) {
            md.append("| ").append(d.name().equals(r.target()) ? "**" + d.name() + "** (target)" : d.name()).append(" | ")
                    .append(d.denoiserEvaluations()).append(" |");
            for (AttackResult.Evaluated e : r.clean()) {
                md.append(' ').append(fmt(e.auroc().get(d.name()), 4)).append(" |");
            }
            for (AttackResult.Budget b : r.budgets()) {
                for (AttackResult.Evaluated e : b.evaluated()) {
                    md.append(' ').append(fmt(e.auroc().get(d.name()), 4)).append(" |");
                }
            }
            md.append('\n');
        }

        md.append("\n## Share of the attacked images flagged at the target false-positive rate (p-value < ")
                .append(r.settings().get("falsePositiveRate")).append(")\n\n| detector | observed FPR (InD) |");
        columns.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|---:|");
        columns.forEach(c -> md.append("---:|"));
        md.append('\n');
        for (AttackResult.DetectorCost d : r.detectors()) {
            if (d.observedFpr() == null) {
                continue;
            }
            md.append("| ").append(d.name()).append(" | ").append(fmt(d.observedFpr(), 3)).append(" |");
            for (AttackResult.Evaluated e : r.clean()) {
                md.append(' ').append(fmt(e.flagged().get(d.name()), 3)).append(" |");
            }
            for (AttackResult.Budget b : r.budgets()) {
                for (AttackResult.Evaluated e : b.evaluated()) {
                    md.append(' ').append(fmt(e.flagged().get(d.name()), 3)).append(" |");
                }
            }
            md.append('\n');
        }

        md.append("\n## The attack\n\nExamples (top: original, bottom: attacked), per budget: ");
        for (AttackResult.Budget b : r.budgets()) {
            md.append("[ε = ").append(fmt(b.epsilon(), 2)).append("](").append(examplesFile(r, b.epsilon())).append(") ");
        }
        md.append("\n\n| ε | mean target score, clean → attacked (the function's score) | "
                + "mean L∞ | queries/image | denoiser evaluations/image | seconds |\n|---:|---|---:|---:|---:|---:|\n");
        for (AttackResult.Budget b : r.budgets()) {
            md.append(String.format(Locale.ROOT, "| %.2f | %.4f → %.4f | %.4f | %d | %d | %.0f |\n", b.epsilon(),
                    b.targetBefore(), b.targetAfter(), b.meanLinf(), b.queriesPerImage(), b.evaluationsPerImage(),
                    b.seconds()));
        }
        return md.toString();
    }

    static String examplesFile(AttackResult r, double epsilon) {
        return r.run().stem() + "-eps" + String.format(Locale.ROOT, "%.2f", epsilon) + ".png";
    }

    /** README.md of the folder: every run's AUROC table, read back from the JSON files. */
    static void writeIndex(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        StringBuilder md = new StringBuilder("# Attacks\n\nEvery run in this folder (`attack` command of the tools; "
                + "each file holds its command line). AUROC of attacked OOD images against the in-distribution sample, "
                + "OOD positive.\n");
        for (Path file : files) {
            JsonNode r = json.readTree(file.toFile());
            if (!r.has("budgets")) {
                continue;
            }
            String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
            AttackResult parsed = json.treeToValue(r, AttackResult.class);
            md.append("\n## [").append(title(parsed)).append("](").append(stem).append(".md)\n\n");
            md.append(parsed.attacked().sampled()).append(" ").append(parsed.attacked().name()).append(" images vs ")
                    .append(parsed.inDistribution().sampled()).append(' ').append(parsed.inDistribution().name())
                    .append("; ").append(parsed.settings().get("iterations")).append(" × ")
                    .append(parsed.settings().get("queries")).append(" queries.\n\n");
            String full = markdown(parsed);
            int from = full.indexOf("## AUROC\n\n") + "## AUROC\n\n".length();
            int to = full.indexOf("\n## ", from);
            md.append(full, from, to);
        }
        Files.writeString(dir.resolve("README.md"), md.toString(), StandardCharsets.UTF_8);
    }

    /**
     * A PNG of the first {@code count} images: originals on the top row, attacked ones below, the first channel in
     * grey, each pixel drawn as a 3 x 3 block.
     */
    static void examples(Path file, List<float[]> originals, List<float[]> attacked, ImageShape shape, int count)
            throws IOException {
        int n = Math.min(count, originals.size());
        int scale = 3;
        int gap = 4;
        int w = shape.width() * scale;
        int h = shape.height() * scale;
        BufferedImage grid = new BufferedImage(n * (w + gap) + gap, 2 * (h + gap) + gap, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < grid.getHeight(); y++) {
            for (int x = 0; x < grid.getWidth(); x++) {
                grid.getRaster().setSample(x, y, 0, 128);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int row = 0; row < 2; row++) {
                float[] image = row == 0 ? originals.get(i) : attacked.get(i);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float v = image[((y / scale) * shape.width() + x / scale) * shape.channels()];
                        grid.getRaster().setSample(gap + i * (w + gap) + x, gap + row * (h + gap) + y, 0,
                                Math.round(Math.min(1f, Math.max(0f, v)) * 255f));
                    }
                }
            }
        }
        ImageIO.write(grid, "png", file.toFile());
    }

    private static String fmt(Double v, int digits) {
        return v == null ? "–" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
