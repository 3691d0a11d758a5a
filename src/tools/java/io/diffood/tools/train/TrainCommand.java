package io.diffood.tools.train;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code train}: the demo models, reproducibly; the defaults are the committed run (about 40 minutes on 2 cores). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains the demo classifier and denoiser on Fashion-MNIST train 0..54,999 and exports them as "
                + "SavedModels with model cards.",
                "A model whose model-card.json exists is skipped unless --only names it; an interrupted run resumes "
                + "from <out>/.checkpoint/<model> when started again with the same options."})
public final class TrainCommand implements Callable<Integer> {

    /** Which model to (re)train. */
    enum Model {
        classifier, denoiser
    }

    @Option(names = "--out", defaultValue = "models/demo", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "Fashion-MNIST IDX files (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--seed", defaultValue = "1", description = "seed of batches and initialisation (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--classifier-steps", defaultValue = "2000", description = "default: ${DEFAULT-VALUE}")
    long classifierSteps;

    @Option(names = "--denoiser-steps", defaultValue = "3000", description = "default: ${DEFAULT-VALUE}")
    long denoiserSteps;

    @Option(names = "--classifier-width", defaultValue = "32", description = "default: ${DEFAULT-VALUE}")
    int classifierWidth;

    @Option(names = "--denoiser-width", defaultValue = "16", description = "UNet base width (default: ${DEFAULT-VALUE})")
    int denoiserWidth;

    @Option(names = "--only", description = "train only this model, even if it exists: ${COMPLETION-CANDIDATES}")
    Model only;

    @Option(names = "--checkpoint-minutes", defaultValue = "3", description = "default: ${DEFAULT-VALUE}")
    double checkpointMinutes;

    @Option(names = "--validation-images", defaultValue = "2000",
            description = "t10k images for the denoiser's validation loss (default: ${DEFAULT-VALUE})")
    int validationImages;

    @Override
    public Integer call() throws Exception {
        TrainOptions options = new TrainOptions(out, data, seed, classifierSteps, denoiserSteps, classifierWidth,
                denoiserWidth, only == null ? null : only.name(), checkpointMinutes, validationImages);
        TrainDemoModels run = new TrainDemoModels(options);
        if (options.trains("classifier")) {
            run.classifier();
        }
        if (options.trains("denoiser")) {
            run.denoiser();
        }
        return 0;
    }
}
