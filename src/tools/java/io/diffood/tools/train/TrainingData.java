package io.diffood.tools.train;

import io.diffood.model.ImageShape;
import io.diffood.tools.data.DataException;
import io.diffood.tools.data.DataSplit;
import io.diffood.tools.data.Dataset;
import io.diffood.tools.data.FashionMnistSplit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One labelled image source split as {@code train} splits it: the trained-on part, the held-out validation part (the
 * model card's split, which {@code fit} calibrates on), and the test images (the validation part when there are none).
 */
record TrainingData(Dataset all, DataSplit split, Dataset train, Dataset validation, Dataset test,
        String testDescription) {

    /** See {@link TrainCommand}'s options of the same names; null means their defaults. */
    static TrainingData read(Path data, Path testData, List<String> classNames, ImageShape shape, String validation,
            long splitSeed) throws IOException {
        boolean idx = Dataset.holdsIdx(data, "train");
        List<String> idxClasses = classNames != null ? classNames
                : data.toString().contains("fashion-mnist") ? FashionMnistSplit.CLASSES : null;
        Dataset all = Dataset.read(data, shape, "train", idxClasses);
        DataSplit split = idx ? DataSplit.of(DataSplit.Rule.last,
                validation == null ? Integer.toString(FashionMnistSplit.VALIDATION_SIZE) : validation,
                all.count(), 0)
                : DataSplit.of(DataSplit.Rule.seeded, validation == null ? "0.1" : validation, all.count(), splitSeed);
        Dataset train = all.subset(split.trainingIndices(all.count()));
        Dataset held = all.subset(split.validationIndices(all.count()));
        Path testSource = testData != null ? testData : idx ? data : null;
        if (testSource == null) {
            return new TrainingData(all, split, train, held, held, "the validation part (no --test-data)");
        }
        Dataset test = Dataset.read(testSource, all.shape(), "t10k", idxClasses);
        if (!test.classes().equals(all.classes())) {
            throw new DataException(testSource + " has classes " + test.classes() + " but the training data "
                    + all.classes());
        }
        return new TrainingData(all, split, train, held, test, testSource.toString());
    }
}
