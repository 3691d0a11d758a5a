package io.diffood.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.config.StandaloneConfig;
import io.diffood.tools.data.IdxImages;
import io.diffood.tools.data.IdxReader;
import io.diffood.model.ModelSet;
import io.diffood.model.TensorFlowNatives;
import io.diffood.score.DdpScorer;
import io.diffood.score.DdpSetup;
import io.diffood.score.ScoreJob;
import io.diffood.score.Observation;
import io.diffood.score.ScoreSettings;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Efficiency of the DDP loop on this machine, in one run: FLOPs per image (from the model cards' forward FLOPs
 * and the number of denoiser and classifier evaluations), the GFLOP/s achieved while scoring, the best GFLOP/s
 * TensorFlow reaches on a large convolution in the same process, and the share of wall time spent outside
 * model calls (Java orchestration: noising, DDIM arithmetic, copies, reductions).
 * Run: ./mvnw -q test-compile exec:exec@bench-efficiency [-Dargs="images batch"] ; writes target/bench/efficiency.md
 */
public final class EfficiencyBenchmark {

    public static void main(String[] args) throws IOException {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        DiffoodConfig config = StandaloneConfig.read();
        IdxImages test = IdxReader.readImages(Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"));
        List<String> lines = new ArrayList<>();
        try (ModelSet models = ModelSet.load(CoreSettings.models(config))) {
            DdpScorer scorer = DdpSetup.of(CoreSettings.schedule(config), CoreSettings.ddp(config), models.nullClass())
                    .scorer(models);
            ScoreSettings settings = CoreSettings.ddp(config).defaults();
            scorer.warmUp();
            double denoiserMs = 0;
            double classifierMs = 0;
            double totalMs = 0;
            long evaluations = 0;
            for (int start = 0; start < images; start += batch) {
                DdpScorer.Batch b = scorer.score(ScoreJob.all(inputs(test, models.imageShape().size(), start, batch), settings));
                denoiserMs += b.timings().denoiserMs();
                classifierMs += b.timings().classifierMs();
                totalMs += b.timings().totalMs();
                evaluations += b.results().stream().mapToLong(Observation::denoiserEvaluations).sum();
            }
            int scored = ((images + batch - 1) / batch) * batch;
            double denoiserFlops = forwardFlops(CoreSettings.modelSet(config).denoiser());
            double classifierFlops = forwardFlops(CoreSettings.modelSet(config).classifier());
            int classifierPasses = 1 + settings.timesteps().size() * settings.repeats();
            double flopsPerImage = (double) evaluations / scored * denoiserFlops + classifierPasses * classifierFlops;
            double achieved = flopsPerImage * scored / (totalMs / 1e3) / 1e9;
            double inModels = flopsPerImage * scored / ((denoiserMs + classifierMs) / 1e3) / 1e9;
            double convBest = bestConvolutionGflops();
            lines.add("| quantity | value |");
            lines.add("|---|---|");
            lines.add(String.format("| settings | timesteps %s, repeats %d, batch %d images, %d images |",
                    settings.timesteps(), settings.repeats(), batch, scored));
            lines.add(String.format("| denoiser evaluations per image | %d |", evaluations / scored));
            lines.add(String.format("| forward MFLOP: denoiser / classifier | %.1f / %.1f |", denoiserFlops / 1e6, classifierFlops / 1e6));
            lines.add(String.format("| GFLOP per image (DDP loop) | %.2f |", flopsPerImage / 1e9));
            lines.add(String.format("| images/s | %.2f |", scored / (totalMs / 1e3)));
            lines.add(String.format("| achieved GFLOP/s (wall) | %.1f |", achieved));
            lines.add(String.format("| achieved GFLOP/s (inside model calls) | %.1f |", inModels));
            lines.add(String.format("| best TensorFlow GFLOP/s, 3x3 conv 64->64 on 32x56x56 | %.1f |", convBest));
            lines.add(String.format("| achieved / best | %.0f %% |", 100 * achieved / convBest));
            lines.add(String.format("| wall time outside model calls | %.1f %% |", 100 * (1 - (denoiserMs + classifierMs) / totalMs)));
        }
        Path out = Path.of("target", "bench", "efficiency.md");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
        lines.forEach(System.out::println);
    }

    /**
     * Fashion-MNIST test images for a 28×28×1 model set; for another size (DIFFOOD_MODELS_PATH=models/cifar10) their
     * pixels repeated to fill its images: the cost of the DDP loop does not depend on what the pixels show.
     */
    private static List<float[]> inputs(IdxImages images, int size, int start, int count) {
        List<float[]> out = new ArrayList<>();
        for (int i = start; i < start + count; i++) {
            float[] pixels = images.unitFloats(i % images.count());
            float[] image = new float[size];
            for (int p = 0; p < size; p++) {
                image[p] = pixels[p % pixels.length];
            }
            out.add(image);
        }
        return out;
    }

    private static double forwardFlops(Path modelDir) throws IOException {
        JsonNode card = new ObjectMapper().readTree(modelDir.resolve("model-card.json").toFile());
        return card.path("forwardFlopsPerImage").asDouble();
    }

    /** Best of 20 runs of one large convolution, the reference for what TensorFlow can do on this machine. */
    private static double bestConvolutionGflops() {
        TensorFlowNatives.ensureLoaded();
        int n = 32, hw = 56, c = 64;
        double flops = 2.0 * n * hw * hw * 9 * c * c;
        try (Graph g = new Graph(); Session session = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.random.randomUniform(tf.constant(new long[] {n, hw, hw, c}), TFloat32.class);
            Operand<TFloat32> w = tf.random.randomUniform(tf.constant(new long[] {3, 3, c, c}), TFloat32.class);
            Operand<TFloat32> input = tf.variable(x);
            Operand<TFloat32> filter = tf.variable(w);
            Operand<TFloat32> y = tf.math.mean(tf.nn.conv2d(input, filter, List.of(1L, 1L, 1L, 1L), "SAME"),
                    tf.constant(new int[] {0, 1, 2, 3}));
            session.initialize();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                try (Tensor out = session.runner().fetch(y).run().get(0)) {
                    best = Math.min(best, (System.nanoTime() - start) / 1e9);
                }
            }
            return flops / best / 1e9;
        }
    }
}
