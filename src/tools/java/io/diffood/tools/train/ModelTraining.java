package io.diffood.tools.train;

import io.diffood.diffusion.NoiseSchedule;
import io.diffood.diffusion.ScheduleSettings;
import io.diffood.model.ImageShape;
import io.diffood.tools.data.DataException;
import io.diffood.tools.data.Dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Trains a classifier and a denoiser from one labelled image source and exports them as SavedModels with model
 * cards: {@code <out>/classifier/} (x in [0,1] -> logits, features) and {@code <out>/denoiser/} (x in [-1,1], t, y
 * -> eps), plus {@code <out>/denoiser-samples.png}. A model is exported into a {@code .partial} folder that becomes
 * the model folder only once its card is written: a folder with a card is a finished model.
 *
 * <p>Run with {@code ./mvnw -q test-compile exec:exec@tools -Dargs="train ..."}; see {@link TrainCommand}.
 */
final class ModelTraining {

    static final long WARMUP_STEPS = 200;
    static final double EMA_DECAY = 0.999;
    /** The demo CNN's Adam rate, and the ResNet's and VGG's SGD rate at batch 128 (scaled linearly with the batch). */
    static final double CNN_LR = 1e-3;
    static final double SGD_LR = 0.1;
    static final double SGD_WEIGHT_DECAY = 5e-4;
    /** The SGD-trained networks warm up over about two epochs, then decay by a cosine to zero. */
    static final double SGD_WARMUP_EPOCHS = 2;
    /** Example images written beside the models, at most one per class. */
    static final int EXAMPLES = 6;

    private final TrainOptions options;
    private final String command;
    private final TrainingData data;

    ModelTraining(TrainOptions options, String command) throws IOException {
        this.options = options;
        this.command = command;
        data = options.source().read(options.shape());
        Dataset all = data.all();
        System.err.printf("data: %d images %s in %d classes from %s; %d trained on, %d held out (%s)%n", all.count(),
                all.shape(), all.classes().size(), all.source(), data.train().count(), data.validation().count(),
                data.split().rule());
    }

    Path classifier() throws IOException {
        Path dir = options.out().resolve("classifier");
        if (skip(dir)) {
            return dir;
        }
        ClassifierNetwork net = classifierNetwork();
        boolean sgd = !(net instanceof ClassifierNet);
        Hyperparameters hp;
        if (sgd) {
            double lr = options.classifierLr() != null ? options.classifierLr()
                    : SGD_LR * options.classifierBatch() / 128;
            long warmup = Math.round(SGD_WARMUP_EPOCHS * data.train().count() / options.classifierBatch());
            hp = new Hyperparameters(options.classifierSteps(), options.classifierBatch(), lr,
                    Math.min(warmup, options.classifierSteps() / 10 + 1), 0, options.seed(),
                    Hyperparameters.Optimizer.sgd, SGD_WEIGHT_DECAY, 1);
        } else {
            hp = Hyperparameters.adam(options.classifierSteps(), options.classifierBatch(),
                    options.classifierLr() != null ? options.classifierLr() : CNN_LR, WARMUP_STEPS, EMA_DECAY,
                    options.seed());
        }
        ClassifierTask task = new ClassifierTask(net, data.train(), order(hp), options.classifierFlipAverage(),
                options.classifierCutout());
        Path partial = partial(dir);
        ModelCard card = new ModelCard();
        try (Trainer trainer = new Trainer(task, hp, options.checkpointDir(task.name()), options.classifierInit())) {
            double loss = trainer.train(options.checkpointMinutes() * 60);
            trainer.export(partial);
            describe(card, task, trainer, hp, loss);
            card.put("input", "x float32 (N," + shapeText() + "), pixels in [0,1]")
                    .put("outputs", Map.of("logits", "float32 (N," + net.classes() + ")",
                            "features", "float32 (N," + net.featureDim() + "), " + net.featuresDescription()))
                    .put("augmentation", task.augmentation());
            if (task.testTimeAugmentation() != null) {
                card.put("testTimeAugmentation", task.testTimeAugmentation());
            }
        }
        double accuracy = Evaluation.recordAccuracies(card, partial, data);
        finish(card, partial, dir);
        System.err.printf("classifier: test accuracy %.4f on %d images -> %s%n", accuracy, data.test().count(), dir);
        dropCheckpoints(task);
        return dir;
    }

    Path denoiser() throws IOException {
        Path dir = options.out().resolve("denoiser");
        if (skip(dir)) {
            return dir;
        }
        DenoiserNet net = new DenoiserNet(options.denoiserWidth(), data.all().shape(), data.all().classes().size(),
                options.denoiserAttention());
        Hyperparameters hp = Hyperparameters.adam(options.denoiserSteps(), options.denoiserBatch(),
                options.denoiserLr(), WARMUP_STEPS, EMA_DECAY, options.seed());
        ScheduleSettings scheduleSettings = ScheduleSettings.DDPM_LINEAR;
        NoiseSchedule schedule = scheduleSettings.create();
        DenoiserTask task = new DenoiserTask(net, data.train(), order(hp), schedule);
        Path partial = partial(dir);
        ModelCard card = new ModelCard();
        try (Trainer trainer = new Trainer(task, hp, options.checkpointDir(task.name()), options.denoiserInit())) {
            double loss = trainer.train(options.checkpointMinutes() * 60);
            trainer.export(partial);
            int classes = net.classes();
            describe(card, task, trainer, hp, loss)
                    .put("inputs", Map.of("x", "float32 (N," + shapeText() + "), x_t with pixels in [-1,1]",
                            "t", "int32 (N), timestep 0..999", "y", "int32 (N), class 0.." + (classes - 1) + ", "
                                    + classes + " = unconditional"))
                    .put("outputs", Map.of("eps", "float32 (N," + shapeText() + "), predicted noise"))
                    .put("schedule", String.format("linear betas %.0e..%.2f, T = %d, abar[t] = prod_{s<=t}(1-beta_s),"
                            + " x_t = sqrt(abar[t]) x0 + sqrt(1-abar[t]) noise", scheduleSettings.betaStart(),
                            scheduleSettings.betaEnd(), scheduleSettings.steps()))
                    .put("timestepDistribution", String.format("%.0f%% uniform in [0,%d), %.0f%% uniform in [0,%d):"
                            + " the evaluated DDP settings start DDIM at t <= 600 and pass through t - 20, t - 40, ..., 20,"
                            + " so the short training budget goes where the model is used",
                            100 * DenoiserTask.FOCUS_SHARE, DenoiserTask.FOCUS_T,
                            100 * (1 - DenoiserTask.FOCUS_SHARE), scheduleSettings.steps()))
                    .put("labelDropout", DenoiserTask.LABEL_DROPOUT + " (label replaced by the null class " + classes + ")")
                    .put("loss", "mean squared error between predicted and true noise");
        }
        try (ExportedModel model = new ExportedModel(partial, data.all().shape())) {
            int images = Math.min(options.validationImages(), data.test().count());
            card.put("validationEpsMse", Evaluation.bucketLoss(model, data.test(), images, schedule, options.seed()))
                    .put("validation", "first " + images + " images of " + data.testDescription()
                            + " (not trained on), true labels, one timestep uniform in each bucket and one noise draw"
                            + " per image");
            Path sheet = options.out().resolve("denoiser-samples.png");
            new SampleSheet(model, schedule, net.classes()).write(sheet, data.test(), options.seed());
            card.put("sampleSheet", sheet.getFileName() + ": rows of guided DDIM samples (50 steps, w = "
                    + SampleSheet.GUIDANCE + ") of the first classes; then held-out originals, and for t = 120, 240, 480"
                    + " the noised images and their guided DDIM reconstructions (stride 20, true labels)");
        }
        finish(card, partial, dir);
        System.err.println("denoiser: exported -> " + dir);
        dropCheckpoints(task);
        return dir;
    }

    /**
     * The web page's example buttons for this model set: one held-out image of each of the first
     * {@link #EXAMPLES} classes, with captions; left alone when the folder exists (the user's own choice).
     */
    void examples() throws IOException {
        Path dir = options.out().resolve("examples");
        if (Files.exists(dir)) {
            return;
        }
        Path partial = partial(dir);
        Trainer.deleteRecursively(partial);
        Files.createDirectories(partial);
        Properties captions = new Properties();
        boolean[] taken = new boolean[data.all().classes().size()];
        int written = 0;
        for (int i = 0; i < data.validation().count() && written < EXAMPLES; i++) {
            int label = data.validation().label(i);
            if (taken[label]) {
                continue;
            }
            taken[label] = true;
            String className = data.all().classes().get(label);
            String name = String.format("%02d-%s.png", label, className.replaceAll("[^A-Za-z0-9_-]", "_"));
            ImageIO.write(data.validation().image(i), "png", partial.resolve(name).toFile());
            captions.setProperty(name, "a held-out " + className + " image: in distribution");
            written++;
        }
        try (var out = Files.newBufferedWriter(partial.resolve("captions.properties"))) {
            captions.store(out, "captions of the web page's example buttons: file name = caption");
        }
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        System.err.println("examples: " + written + " held-out images -> " + dir);
    }

    /**
     * The warm restart's start and its own training, as its card states it (this card counts this run only), back to
     * the run from random weights.
     */
    private static Map<String, Object> initialisedFrom(Path model) throws IOException {
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("model", model.toString());
        Path cardFile = model.resolve(ModelCard.FILE_NAME);
        if (Files.exists(cardFile)) {
            JsonNode card = new ObjectMapper().readTree(cardFile.toFile());
            for (String key : List.of("steps", "epochs", "optimizer", "trainingWallSeconds", "command",
                    "initialisedFrom")) {
                if (card.has(key)) {
                    from.put(key, card.get(key));
                }
            }
        }
        return from;
    }

    private ClassifierNetwork classifierNetwork() {
        ImageShape shape = data.all().shape();
        TrainOptions.Family family = options.classifier();
        if (family == TrainOptions.Family.auto) {
            family = shape.equals(new ImageShape(28, 28, 1)) ? TrainOptions.Family.cnn : TrainOptions.Family.resnet;
        }
        int classes = data.all().classes().size();
        if (family == TrainOptions.Family.cnn) {
            if (!shape.equals(new ImageShape(28, 28, 1))) {
                throw new DataException("the cnn classifier takes 28x28x1 images, the data is " + shape
                        + ": use --classifier resnet");
            }
            return new ClassifierNet(options.classifierWidth() != null ? options.classifierWidth() : 32, classes);
        }
        if (family == TrainOptions.Family.vgg) {
            return new VggClassifier(shape, options.classifierWidth() != null ? options.classifierWidth() : 64,
                    options.classifierPooling(), classes);
        }
        return new ResNetClassifier(shape, options.classifierDepth(),
                options.classifierWidth() != null ? options.classifierWidth() : 16, classes);
    }

    /** Batches over the trained-on part only: the validation part stays unseen. */
    private BatchOrder order(Hyperparameters hp) {
        return new BatchOrder(data.train().count(), hp.batch(), hp.seed());
    }

    private String shapeText() {
        ImageShape s = data.all().shape();
        return s.height() + "," + s.width() + "," + s.channels();
    }

    private boolean skip(Path dir) {
        boolean done = Files.exists(dir.resolve(ModelCard.FILE_NAME));
        if (done && options.only() == null) {
            System.err.println(dir + " already has a model card: skipped (use --only to retrain)");
            return true;
        }
        return false;
    }

    /** Where a model is exported before {@link #finish} puts it in place. */
    static Path partial(Path dir) {
        return dir.resolveSibling("." + dir.getFileName() + ".partial");
    }

    private void dropCheckpoints(TrainingTask task) throws IOException {
        if (!options.keepCheckpoints()) {
            Trainer.deleteRecursively(options.checkpointDir(task.name()));
        }
    }

    /** Writes the card into the exported folder, then puts the folder in place of the model's. */
    static void finish(ModelCard card, Path partial, Path dir) throws IOException {
        card.write(partial);
        Trainer.deleteRecursively(dir);
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    private ModelCard describe(ModelCard card, TrainingTask task, Trainer trainer, Hyperparameters hp,
            double finalLoss) throws IOException {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("source", data.all().source());
        source.put("sha256", data.all().sha256());
        source.putAll(data.all().report());
        card.put("model", task.name())
                .put("architecture", task.architecture())
                .put("classes", data.all().classes())
                .put("parameters", trainer.parameters())
                .put("forwardFlopsPerImage", Math.round(trainer.flopsPerImage()))
                .put("steps", hp.steps())
                .put("batch", hp.batch())
                .put("epochs", Math.round(100.0 * hp.steps() * hp.batch() / data.train().count()) / 100.0)
                .put("data", source)
                .put("split", data.split().describe(data.all().count()))
                .put("trainingImages", data.train().count() + " images; " + data.validation().count()
                        + " held out as the validation part (split)")
                .put("seed", hp.seed())
                .put("optimizer", hp.describe())
                // NaN when no step was left: a finished run exported again from its kept checkpoint
                .put("finalTrainingLossSmoothed", Double.isNaN(finalLoss) ? null : finalLoss)
                .put("trainingWallSeconds", Math.round(trainer.trainedSeconds()))
                .put("command", command);
        if (trainer.initialWeights() != null) {
            card.put("initialisedFrom", initialisedFrom(trainer.initialWeights()));
        }
        return card.versions();
    }
}
