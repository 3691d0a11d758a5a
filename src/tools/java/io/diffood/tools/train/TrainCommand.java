package io.diffood.tools.train;

import io.diffood.model.ImageShape;
import io.diffood.tools.data.DataException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code train}: a classifier and a denoiser from labelled images; the defaults are the demo's committed run. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a classifier and a class-conditional denoiser on labelled images and exports them as "
                + "SavedModels with model cards (<out>/classifier, <out>/denoiser) plus <out>/denoiser-samples.png.",
                "--data is a folder with one sub-folder of PNG/JPEG images per class (nested folders allowed), the same "
                + "as a .tar.gz (read without unpacking), or a folder of IDX files (train-images-idx3-ubyte.gz and "
                + "labels). Part of it is held out as the validation part (--validation), which `fit` then uses for "
                + "calibration: the model card records the split.",
                "A model whose model-card.json exists is skipped unless --only names it; an interrupted run resumes "
                + "from its checkpoint when started again with the same options. Exit code 2: the data cannot be used "
                + "(the message says why)."})
public final class TrainCommand implements Callable<Integer> {

    /** Which model to (re)train. */
    enum Model {
        classifier, denoiser
    }

    @Option(names = "--out", defaultValue = "models/demo", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    DataOptions source;

    @Option(names = "--height", description = "model input height (default: the most common among the images)")
    Integer height;

    @Option(names = "--width", description = "model input width (default: the most common among the images)")
    Integer width;

    @Option(names = "--channels", description = "1 (grey) or 3 (RGB) (default: 3 with --height and --width; without"
            + " them, 3 if most images of the most common size are colour)")
    Integer channels;

    @Option(names = "--seed", defaultValue = "1", description = "seed of batches and initialisation (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--classifier", defaultValue = "auto",
            description = "${COMPLETION-CANDIDATES}; auto: cnn for 28x28x1, resnet otherwise (default: ${DEFAULT-VALUE})")
    TrainOptions.Family classifier;

    @Option(names = "--classifier-depth", defaultValue = "20", description = "ResNet depth 6n+2 (default: ${DEFAULT-VALUE})")
    int classifierDepth;

    @Option(names = "--classifier-width", description = "cnn: channels at full size (default 32); resnet: first"
            + " stage width (default 16); vgg: first block width (default 64)")
    Integer classifierWidth;

    @Option(names = "--classifier-pooling", defaultValue = "avg", description = "vgg: global ${COMPLETION-CANDIDATES}"
            + " pooling into the features; airbench's max inverts Mahalanobis and ViM here (README, CIFAR-10)"
            + " (default: ${DEFAULT-VALUE})")
    VggClassifier.Pooling classifierPooling;

    @Option(names = "--classifier-flip-average", description = "the exported classifier answers for the image and its"
            + " mirror image together: logits and features averaged (test-time augmentation, twice its cost); training"
            + " is the same, so a run kept with --keep-checkpoints can be exported both ways")
    boolean classifierFlipAverage;

    @Option(names = "--classifier-cutout", defaultValue = "0", description = "Cutout in training: a square of this"
            + " side zeroed at a random centre of each image (DeVries and Taylor 2017; 16 for CIFAR-10); 0: none"
            + " (default: ${DEFAULT-VALUE})")
    int classifierCutout;

    @Option(names = "--classifier-init", description = "start from the weights of a classifier folder that `train`"
            + " exported with the same architecture instead of random ones: a warm restart on this run's schedule;"
            + " with --classifier-steps 0 it is exported again as it is (e.g. with --classifier-flip-average)")
    Path classifierInit;

    @Option(names = "--classifier-lr", description = "peak learning rate (default: cnn 1e-3 Adam; resnet, vgg SGD 0.1 x batch / 128)")
    Double classifierLr;

    @Option(names = "--classifier-batch", defaultValue = "128", description = "default: ${DEFAULT-VALUE}")
    int classifierBatch;

    @Option(names = "--classifier-steps", defaultValue = "2000", description = "default: ${DEFAULT-VALUE}")
    long classifierSteps;

    @Option(names = "--denoiser-steps", defaultValue = "3000", description = "default: ${DEFAULT-VALUE}")
    long denoiserSteps;

    @Option(names = "--denoiser-width", defaultValue = "16", description = "UNet base width (default: ${DEFAULT-VALUE})")
    int denoiserWidth;

    @Option(names = "--denoiser-attention", description = "self-attention at the UNet's lowest resolution")
    boolean denoiserAttention;

    @Option(names = "--denoiser-init", description = "start from the weights of a denoiser folder that `train`"
            + " exported with the same architecture (its averaged weights) instead of random ones: a second run on"
            + " this run's schedule")
    Path denoiserInit;

    @Option(names = "--denoiser-lr", defaultValue = "1.5e-3", description = "Adam's peak learning rate (default: ${DEFAULT-VALUE})")
    double denoiserLr;

    @Option(names = "--denoiser-batch", defaultValue = "64", description = "default: ${DEFAULT-VALUE}")
    int denoiserBatch;

    @Option(names = "--only", description = "train only this model, even if it exists: ${COMPLETION-CANDIDATES}")
    Model only;

    @Option(names = "--checkpoint-minutes", defaultValue = "3", description = "default: ${DEFAULT-VALUE}")
    double checkpointMinutes;

    @Option(names = "--checkpoint-dir", description = "where checkpoints go (default: <out>/.checkpoint); keep it "
            + "outside a work tree that may be replaced, to resume there")
    Path checkpointDir;

    @Option(names = "--keep-checkpoints", description = "keep the final checkpoints after the export (default: deleted);"
            + " the same command with --only and another export option (--classifier-flip-average) then exports again"
            + " without training")
    boolean keepCheckpoints;

    @Option(names = "--validation-images", defaultValue = "2000",
            description = "held-out images for the denoiser's validation loss (default: ${DEFAULT-VALUE})")
    int validationImages;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((height == null) != (width == null)) {
            throw new DataException("--height and --width go together");
        }
        if (channels != null && channels != 1 && channels != 3) {
            throw new DataException("--channels is 1 or 3, not " + channels);
        }
        ImageShape shape = height == null ? null : new ImageShape(height, width, channels == null ? 3 : channels);
        TrainOptions options = new TrainOptions(out, source, shape, seed, classifier, classifierDepth, classifierWidth,
                classifierPooling, classifierFlipAverage, classifierCutout, classifierInit, classifierLr, classifierBatch,
                classifierSteps, denoiserSteps, denoiserWidth, denoiserAttention, denoiserInit, denoiserLr, denoiserBatch,
                only == null ? null : only.name(), checkpointMinutes, checkpointDir, keepCheckpoints, validationImages);
        ModelTraining run = new ModelTraining(options, io.diffood.tools.DiffoodTools.rerun(spec));
        if (options.trains("classifier")) {
            run.classifier();
            run.examples();
        }
        if (options.trains("denoiser")) {
            run.denoiser();
        }
        return 0;
    }
}
