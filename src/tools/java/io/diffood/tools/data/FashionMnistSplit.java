package io.diffood.tools.data;

import java.util.List;

/**
 * How the project splits Fashion-MNIST train: the demo models learn from the first images only, and the
 * last {@link #VALIDATION_SIZE} are held back, unseen by the models and outside the test set, for
 * threshold calibration and for choosing the default DDP settings.
 */
public final class FashionMnistSplit {

    public static final int VALIDATION_SIZE = 5000;

    /** Fashion-MNIST's class names in label order. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnistSplit() {
    }

    /** Train images [0, n) are trained on; [n, count) are the validation split. */
    public static int trainedOn(LabeledImages train) {
        return train.count() - VALIDATION_SIZE;
    }
}
