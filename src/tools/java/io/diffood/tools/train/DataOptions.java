package io.diffood.tools.train;

import io.diffood.model.ImageShape;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The labelled source and its split, as {@code train} takes them and as a later command must take them again. */
final class DataOptions {

    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "training images: class folders, a .tar.gz of them, or IDX files (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--test-data", description = "labelled test images for the test accuracy (default: t10k beside IDX"
            + " training files; for folders none: the validation part again)")
    Path testData;

    @Option(names = "--class-names", split = ",", description = "class names of IDX labels, in label order "
            + "(default: Fashion-MNIST's for its Debian folder, else 0..9); folders name their classes")
    List<String> classNames;

    @Option(names = "--validation", description = "held-out validation part: a count (5000) or a fraction (0.1) "
            + "(default: the last 5000 images of IDX files, a seeded 10 %% of folders)")
    String validation;

    @Option(names = "--split-seed", defaultValue = "1",
            description = "seed of the folders' validation choice (default: ${DEFAULT-VALUE})")
    long splitSeed;

    /** @param shape the images' size, or null for the most common among them */
    TrainingData read(ImageShape shape) throws IOException {
        return TrainingData.read(data, testData, classNames, shape, validation, splitSeed);
    }
}
