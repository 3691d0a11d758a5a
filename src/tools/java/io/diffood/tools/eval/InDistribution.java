package io.diffood.tools.eval;

import io.diffood.image.Pixels;
import io.diffood.model.ImageShape;
import io.diffood.tools.data.DataException;
import io.diffood.tools.data.DataSplit;
import io.diffood.tools.data.Dataset;
import io.diffood.tools.data.FashionMnistSplit;
import io.diffood.tools.data.IdxImages;
import io.diffood.tools.data.LabeledImages;
import io.diffood.tools.fit.ClassifierCard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Where an evaluation's in-distribution images come from, in three parts: the test images, the held-out validation
 * images (never trained on, never test images) and the trained-on images (what an attacker may hold). The demo's
 * Fashion-MNIST with its fixed rule (train 55,000..59,999 held out), or the source a model set was trained from, split
 * exactly as its classifier's model card records, beside a test source.
 */
public sealed interface InDistribution {

    /** CIFAR-10's classes in label order (the folder names of cifar10_train_jpg): such a model set's own data. */
    List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
            "ship", "truck");

    /** What the report calls the in-distribution data. */
    String label();

    List<String> classes();

    Part test() throws IOException;

    Part validation() throws IOException;

    Part trained() throws IOException;

    /**
     * Images of one part, indexable: {@code count} images, each as decoded pixels and an id for audits.
     *
     * @param name the sample's name in reports (its seeded order is keyed by it)
     */
    record Part(String name, String description, int count, IntFunction<Pixels> pixels, IntFunction<String> id) {
    }

    /** The demo: Fashion-MNIST IDX files. */
    static InDistribution fashionMnist(Path dir) {
        return new FashionMnist(dir);
    }

    /**
     * The in-distribution data of the classifier in {@code classifierDir}: its model card's source and split when
     * the card records one (or {@code train}/{@code test} given instead), else the demo's Fashion-MNIST.
     *
     * @param train the training source instead of the card's {@code data.source} (null: the card's)
     * @param test  the test source instead of the card's {@code testData} (null: the card's)
     */
    static InDistribution of(Path classifierDir, ImageShape shape, Path fashionMnist, Path train, Path test)
            throws IOException {
        Optional<ClassifierCard> card = ClassifierCard.read(classifierDir);
        if (card.isEmpty()) {
            if (train != null || test != null) {
                throw new DataException("--id-train and --id-test need a classifier whose model card records its "
                        + "training source and split (one trained by `train`); " + classifierDir + " has none");
            }
            return fashionMnist(fashionMnist);
        }
        ClassifierCard c = card.get();
        Path trainSource = train != null ? train : Path.of(c.source());
        Path testSource = test != null ? test : c.testData().map(Path::of).orElse(null);
        Path set = classifierDir.toAbsolutePath().normalize().getParent();
        return new OwnData(set == null ? "in-distribution" : set.getFileName().toString(), c, shape, trainSource,
                testSource);
    }

    /** Fashion-MNIST: test is t10k, validation train 55,000..59,999, trained-on train 0..54,999. */
    final class FashionMnist implements InDistribution {

        private final Path dir;

        private FashionMnist(Path dir) {
            this.dir = dir;
        }

        @Override
        public String label() {
            return "Fashion-MNIST";
        }

        @Override
        public List<String> classes() {
            return FashionMnistSplit.CLASSES;
        }

        @Override
        public Part test() throws IOException {
            return idx("fashion-mnist-test", "Fashion-MNIST test set (in-distribution)",
                    LabeledImages.load(dir, "t10k").images(), 0, -1, "t10k#");
        }

        @Override
        public Part validation() throws IOException {
            LabeledImages train = LabeledImages.load(dir, "train");
            int first = FashionMnistSplit.trainedOn(train);
            return idx("fashion-mnist-validation", "Fashion-MNIST train images " + first + ".." + (train.count() - 1)
                    + " (held back from training and from the test set)", train.images(), first,
                    FashionMnistSplit.VALIDATION_SIZE, "train#");
        }

        @Override
        public Part trained() throws IOException {
            LabeledImages train = LabeledImages.load(dir, "train");
            int trained = FashionMnistSplit.trainedOn(train);
            return idx("fashion-mnist-train", "Fashion-MNIST train images 0.." + (trained - 1), train.images(), 0,
                    trained, "train#");
        }

        /** Images {@code first .. first + count - 1} (count -1: all). */
        private static Part idx(String name, String description, IdxImages images, int first, int count,
                String idPrefix) {
            return new Part(name, description, count < 0 ? images.count() : count,
                    i -> new Pixels(images.rows(), images.cols(), 1, images.unitFloats(first + i)),
                    i -> idPrefix + (first + i));
        }
    }

    /** A model set's own data: the training source split as its model card says, and a test source. */
    final class OwnData implements InDistribution {

        private final String set;
        private final ClassifierCard card;
        private final ImageShape shape;
        private final Path trainSource;
        private final Path testSource;
        private Dataset train;
        private DataSplit split;

        private OwnData(String set, ClassifierCard card, ImageShape shape, Path trainSource, Path testSource) {
            this.set = set;
            this.card = card;
            this.shape = shape;
            this.trainSource = trainSource;
            this.testSource = testSource;
        }

        @Override
        public String label() {
            return set;
        }

        @Override
        public List<String> classes() {
            return card.classes();
        }

        @Override
        public Part test() throws IOException {
            if (testSource == null) {
                throw new DataException("the classifier's model card names no test source (train ran without "
                        + "--test-data): give --id-test (a folder, a .tar.gz or IDX files of the same classes)");
            }
            Dataset test = Dataset.read(require(testSource, "--id-test"), shape, "t10k", card.classes());
            if (card.classes() != null && !card.classes().equals(test.classes())) {
                throw new DataException(testSource + " has classes " + test.classes()
                        + " but the classifier was trained on " + card.classes());
            }
            return part(set + "-test", testSource + " (in-distribution test images)", test,
                    java.util.stream.IntStream.range(0, test.count()).toArray());
        }

        @Override
        public Part validation() throws IOException {
            Dataset all = train();
            return part(set + "-validation", all.source() + ", the held-out part of the model card's split ("
                    + split.rule() + ", " + split.validation() + " images; never trained on, not test images)", all,
                    split.validationIndices(all.count()));
        }

        @Override
        public Part trained() throws IOException {
            Dataset all = train();
            int[] indices = split.trainingIndices(all.count());
            return part(set + "-train", all.source() + ", the trained-on part of the model card's split ("
                    + indices.length + " images)", all, indices);
        }

        /** The training source, checked to be the one the card was written for, as {@code fit} checks it. */
        private synchronized Dataset train() throws IOException {
            if (train == null) {
                Dataset read = Dataset.read(require(trainSource, "--id-train"), shape, "train", card.classes());
                split = card.splitOf(read, ", or no --id-train");
                train = read;
            }
            return train;
        }

        private static Path require(Path source, String option) {
            if (!Files.exists(source)) {
                throw new DataException(source + " does not exist (relative paths are taken from the working "
                        + "directory): give " + option);
            }
            return source;
        }

        private static Part part(String name, String description, Dataset data, int[] indices) {
            ImageShape s = data.shape();
            return new Part(name, description, indices.length,
                    i -> new Pixels(s.height(), s.width(), s.channels(), data.floats(new int[] {indices[i]}, 0f, 1f)),
                    i -> "#" + indices[i]);
        }
    }
}
