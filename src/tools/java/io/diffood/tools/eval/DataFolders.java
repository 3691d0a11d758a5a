package io.diffood.tools.eval;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the evaluation data live: the in-distribution data (Fashion-MNIST's IDX files for the demo; for a model set
 * trained on its own data, the sources its classifier's model card names, or others given here) and the folder of
 * OOD sets beside the repository.
 */
public final class DataFolders {

    @Option(names = "--fashion-mnist", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "Fashion-MNIST IDX files, the demo's in-distribution data (default: ${DEFAULT-VALUE})")
    Path fashionMnist;

    @Option(names = "--datasets", defaultValue = "../shared/datasets",
            description = "folder with mnist_test/, notmnist_test/, omniglot/, cifar10_test_jpg/, textures_dtd/ "
                    + "(default: ${DEFAULT-VALUE})")
    Path datasets;

    @Option(names = "--id-train", description = "for a model set trained by `train`: its training source (folder, "
            + ".tar.gz or IDX; checked against the model card's SHA-256), split as the card records: validation "
            + "images from the held-out part, an attacker's images from the trained-on part (default: the card's "
            + "data.source)")
    Path idTrain;

    @Option(names = "--id-test", description = "for a model set trained by `train`: its in-distribution test images "
            + "(folder, .tar.gz or IDX; default: the card's testData)")
    Path idTest;

    /** The OOD sets and in-distribution samples for the scoring context's models. */
    public OodDatasets open(ScoringContext context, long sampleSeed, OodDatasets.Split split) throws IOException {
        InDistribution in = InDistribution.of(context.classifierDir(), context.models().imageShape(), fashionMnist,
                idTrain, idTest);
        return new OodDatasets(in, datasets, context.models().imageShape(), sampleSeed, split);
    }
}
