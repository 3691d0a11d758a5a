package io.diffood.bench;

import io.diffood.detect.FeatureBank;
import io.diffood.model.ClassifierSpec;
import io.diffood.model.DenoiserSpec;
import io.diffood.model.DeviceChoice;
import io.diffood.model.ModelSet;
import io.diffood.model.ModelSetSpec;
import io.diffood.tools.eval.ImageSet;
import io.diffood.tools.eval.OodDatasets;
import io.diffood.tools.eval.OodMetrics;
import io.diffood.tools.fit.TrainingImages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What storing the KNN bank as int8 (7 MB) instead of float32 (28 MB) costs in AUROC, and what a smaller bank costs:
 * the demo classifier's features of Fashion-MNIST train 0..54,999 as the bank, k = 50, the evaluation's test samples
 * (Fashion-MNIST test against each OOD set). Not a test: writes target/bench/bank-precision.md.
 * Run: ./mvnw -q test-compile exec:exec@bench-bank-precision
 */
public final class BankPrecisionBenchmark {

    private static final int K = 50;

    public static void main(String[] args) throws IOException {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path models = Path.of("models/demo");
        ModelSetSpec spec = new ModelSetSpec(DeviceChoice.CPU, DenoiserSpec.standard(models.resolve("denoiser")),
                ClassifierSpec.standard(models.resolve("classifier")), true);
        StringBuilder md = new StringBuilder("| OOD set | float32 bank (55,000) | int8 bank (55,000) | int8 bank, first 20,000 |\n|---|---:|---:|---:|\n");
        try (ModelSet loaded = ModelSet.load(spec)) {
            String fashion = "/usr/share/datasets/fashion-mnist/";
            TrainingImages train = TrainingImages.fromIdx(Path.of(fashion + "train-images-idx3-ubyte.gz"),
                    Path.of(fashion + "train-labels-idx1-ubyte.gz"), 0, 55000, loaded.imageShape());
            float[][] bank = normalized(features(loaded, train.images()));
            FeatureBank int8 = FeatureBank.of(bank);
            FeatureBank int8Subset = FeatureBank.of(Arrays.copyOf(bank, 20000));
            OodDatasets data = new OodDatasets(Path.of(fashion), Path.of("../shared/datasets"), loaded.imageShape(), 0,
                    OodDatasets.Split.TEST);
            ImageSet in = data.inDistributionTest(samples);
            double[][] inScores = scores(loaded, in, bank, int8, int8Subset);
            for (String name : OodDatasets.OOD_SETS) {
                double[][] oodScores = scores(loaded, data.ood(name, samples), bank, int8, int8Subset);
                md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f |%n", name,
                        OodMetrics.auroc(inScores[0], oodScores[0]), OodMetrics.auroc(inScores[1], oodScores[1]),
                        OodMetrics.auroc(inScores[2], oodScores[2])));
            }
        }
        Path out = Path.of("target/bench/bank-precision.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.out.print(md);
    }

    /** KNN scores (minus the k-th cosine similarity) of a set against the float bank, the int8 bank, the subset. */
    private static double[][] scores(ModelSet models, ImageSet set, float[][] bank, FeatureBank int8, FeatureBank subset) {
        float[][] queries = normalized(features(models, set.images()));
        double[][] scores = new double[3][queries.length];
        for (int q = 0; q < queries.length; q++) {
            double[] sims = new double[bank.length];
            for (int r = 0; r < bank.length; r++) {
                double dot = 0;
                for (int d = 0; d < queries[q].length; d++) {
                    dot += queries[q][d] * bank[r][d];
                }
                sims[r] = dot;
            }
            Arrays.sort(sims);
            scores[0][q] = -sims[bank.length - K];
            scores[1][q] = -int8.kthSimilarity(queries[q], K);
            scores[2][q] = -subset.kthSimilarity(queries[q], K);
        }
        return scores;
    }

    private static float[][] features(ModelSet models, List<float[]> images) {
        List<float[]> out = new ArrayList<>();
        int size = models.imageShape().size();
        for (int from = 0; from < images.size(); from += 256) {
            int n = Math.min(256, images.size() - from);
            float[] batch = new float[n * size];
            for (int i = 0; i < n; i++) {
                System.arraycopy(images.get(from + i), 0, batch, i * size, size);
            }
            var outputs = models.classifier().classify(batch, n);
            for (int i = 0; i < n; i++) {
                out.add(outputs.featuresOf(i));
            }
        }
        return out.toArray(float[][]::new);
    }

    private static float[][] normalized(float[][] rows) {
        for (float[] row : rows) {
            double norm = 0;
            for (float v : row) {
                norm += v * v;
            }
            float inv = (float) (1 / (Math.sqrt(norm) + 1e-10));
            for (int d = 0; d < row.length; d++) {
                row[d] *= inv;
            }
        }
        return rows;
    }
}
