package io.diffood.tools.train;

import io.diffood.diffusion.NoiseSchedule;
import io.diffood.diffusion.ScheduleSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.diffood.tools.data.FashionMnistSplit;
import io.diffood.tools.data.LabeledImages;

/**
 * Trains the demo models on Fashion-MNIST and exports them as SavedModels with model cards:
 * {@code <out>/classifier/} (x in [0,1] -> logits, features) and {@code <out>/denoiser/}
 * (x in [-1,1], t, y -> eps), plus {@code <out>/denoiser-samples.png}.
 *
 * <p>Run with {@code ./mvnw -q test-compile exec:exec@tools -Dargs="train ..."}; see {@link TrainCommand}.
 */
public final class TrainDemoModels {

    static final int CLASSIFIER_BATCH = 128;
    static final int DENOISER_BATCH = 64;
    static final double CLASSIFIER_LR = 1e-3;
    static final double DENOISER_LR = 1.5e-3;
    static final long WARMUP_STEPS = 200;
    static final double EMA_DECAY = 0.999;

    private final TrainOptions options;
    private final LabeledImages train;
    private final LabeledImages test;

    TrainDemoModels(TrainOptions options) throws IOException {
        this.options = options;
        this.train = LabeledImages.load(options.data(), "train");
        this.test = LabeledImages.load(options.data(), "t10k");
    }

    Path classifier() throws IOException {
        Path dir = options.out().resolve("classifier");
        if (skip(dir)) {
            return dir;
        }
        ClassifierNet net = new ClassifierNet(options.classifierWidth());
        Hyperparameters hp = new Hyperparameters(options.classifierSteps(), CLASSIFIER_BATCH, CLASSIFIER_LR,
                WARMUP_STEPS, EMA_DECAY, options.seed());
        ClassifierTask task = new ClassifierTask(net, train, trainingOrder(hp));
        ModelCard card = new ModelCard();
        try (Trainer trainer = new Trainer(task, hp, options.checkpointDir(task.name()))) {
            double loss = trainer.train(options.checkpointMinutes() * 60);
            trainer.export(dir);
            describe(card, task, trainer, hp, loss)
                    .put("input", "x float32 (N,28,28,1), pixels in [0,1]")
                    .put("outputs", Map.of("logits", "float32 (N,10)",
                            "features", "float32 (N," + net.featureDim() + "), penultimate ReLU layer"))
                    .put("augmentation", "random horizontal flip (p = 0.5)");
        }
        double accuracy;
        try (ExportedModel model = new ExportedModel(dir)) {
            accuracy = Evaluation.accuracy(model, test);
        }
        card.put("testAccuracy", accuracy).put("testImages", test.count()).data(dataFiles()).write(dir);
        System.err.printf("classifier: test accuracy %.4f on %d images -> %s%n", accuracy, test.count(), dir);
        Trainer.deleteRecursively(options.checkpointDir(task.name()));
        return dir;
    }

    Path denoiser() throws IOException {
        Path dir = options.out().resolve("denoiser");
        if (skip(dir)) {
            return dir;
        }
        DenoiserNet net = new DenoiserNet(options.denoiserWidth());
        Hyperparameters hp = new Hyperparameters(options.denoiserSteps(), DENOISER_BATCH, DENOISER_LR,
                WARMUP_STEPS, EMA_DECAY, options.seed());
        ScheduleSettings scheduleSettings = ScheduleSettings.DDPM_LINEAR;
        NoiseSchedule schedule = scheduleSettings.create();
        DenoiserTask task = new DenoiserTask(net, train, trainingOrder(hp), schedule);
        ModelCard card = new ModelCard();
        try (Trainer trainer = new Trainer(task, hp, options.checkpointDir(task.name()))) {
            double loss = trainer.train(options.checkpointMinutes() * 60);
            trainer.export(dir);
            describe(card, task, trainer, hp, loss)
                    .put("inputs", Map.of("x", "float32 (N,28,28,1), x_t with pixels in [-1,1]",
                            "t", "int32 (N), timestep 0..999", "y", "int32 (N), class 0..9, 10 = unconditional"))
                    .put("outputs", Map.of("eps", "float32 (N,28,28,1), predicted noise"))
                    .put("schedule", String.format("linear betas %.0e..%.2f, T = %d, abar[t] = prod_{s<=t}(1-beta_s),"
                            + " x_t = sqrt(abar[t]) x0 + sqrt(1-abar[t]) noise", scheduleSettings.betaStart(),
                            scheduleSettings.betaEnd(), scheduleSettings.steps()))
                    .put("timestepDistribution", String.format("%.0f%% uniform in [0,%d), %.0f%% uniform in [0,%d):"
                            + " the evaluated DDP settings start DDIM at t <= 600 and pass through t - 20, t - 40, ..., 20,"
                            + " so the short training budget goes where the model is used",
                            100 * DenoiserTask.FOCUS_SHARE, DenoiserTask.FOCUS_T,
                            100 * (1 - DenoiserTask.FOCUS_SHARE), scheduleSettings.steps()))
                    .put("labelDropout", DenoiserTask.LABEL_DROPOUT + " (label replaced by the null class 10)")
                    .put("loss", "mean squared error between predicted and true noise");
        }
        try (ExportedModel model = new ExportedModel(dir)) {
            int images = Math.min(options.validationImages(), test.count());
            card.put("validationEpsMse", Evaluation.bucketLoss(model, test, images, schedule, options.seed()))
                    .put("validation", "first " + images + " t10k images (not trained on), true labels,"
                            + " one timestep uniform in each bucket and one noise draw per image");
            Path sheet = options.out().resolve("denoiser-samples.png");
            new SampleSheet(model, schedule).write(sheet, test, options.seed());
            card.put("sampleSheet", sheet.getFileName() + ": rows 1-10 guided DDIM samples (50 steps, w = "
                    + SampleSheet.GUIDANCE + ") of classes 0-9; then t10k originals, and for t = 120, 240, 360"
                    + " the noised images and their guided DDIM reconstructions (stride 20, true labels)");
        }
        card.data(dataFiles()).write(dir);
        System.err.println("denoiser: exported -> " + dir);
        Trainer.deleteRecursively(options.checkpointDir(task.name()));
        return dir;
    }

    /** Batches from the trained-on part of train only: the validation split stays unseen. */
    private BatchOrder trainingOrder(Hyperparameters hp) {
        return new BatchOrder(FashionMnistSplit.trainedOn(train), hp.batch(), hp.seed());
    }

    private boolean skip(Path dir) {
        boolean done = Files.exists(dir.resolve(ModelCard.FILE_NAME));
        if (done && options.only() == null) {
            System.err.println(dir + " already has a model card: skipped (use --only to retrain)");
            return true;
        }
        return false;
    }

    private ModelCard describe(ModelCard card, TrainingTask task, Trainer trainer, Hyperparameters hp,
            double finalLoss) {
        return card.put("model", task.name())
                .put("architecture", task.architecture())
                .put("parameters", trainer.parameters())
                .put("forwardFlopsPerImage", Math.round(trainer.flopsPerImage()))
                .put("steps", hp.steps())
                .put("batch", hp.batch())
                .put("trainingImages", "Fashion-MNIST train 0.." + (FashionMnistSplit.trainedOn(train) - 1)
                        + "; " + (FashionMnistSplit.trainedOn(train)) + ".." + (train.count() - 1)
                        + " held back as the validation split")
                .put("seed", hp.seed())
                .put("optimizer", String.format("Adam lr %.1e, %d warmup steps, constant, cosine decay over the last"
                        + " %.0f%% of steps; exported weights are the EMA (decay %.3f)", hp.learningRate(),
                        hp.warmupSteps(), 100 * Hyperparameters.DECAY_SHARE, hp.emaDecay()))
                .put("finalTrainingLossSmoothed", finalLoss)
                .put("trainingWallSeconds", Math.round(trainer.trainedSeconds()))
                .versions();
    }

    private List<Path> dataFiles() {
        return List.of(train.files().get(0), train.files().get(1), test.files().get(0), test.files().get(1));
    }
}
