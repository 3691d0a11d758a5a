package io.diffood.tools.eval;

import io.diffood.model.ImageShape;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the evaluation data live: Fashion-MNIST's IDX files and the folder of OOD sets beside the repository. */
public final class DataFolders {

    @Option(names = "--fashion-mnist", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "Fashion-MNIST IDX files (default: ${DEFAULT-VALUE})")
    Path fashionMnist;

    @Option(names = "--datasets", defaultValue = "../shared/datasets",
            description = "folder with mnist_test/, notmnist_test/, omniglot/, cifar10_test_jpg/ (default: ${DEFAULT-VALUE})")
    Path datasets;

    /** The OOD sets and Fashion-MNIST samples for the models' input shape. */
    public OodDatasets open(ImageShape shape, long sampleSeed, OodDatasets.Split split) {
        return new OodDatasets(fashionMnist, datasets, shape, sampleSeed, split);
    }
}
