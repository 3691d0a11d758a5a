package io.diffood.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * The classifier under protection. Contract: input x (N,H,W,C float32 in [0,1]); outputs logits (N,K) and
 * features (N,D), the penultimate layer. Features are only required when scoring in feature space.
 */
public final class Classifier implements AutoCloseable {

    /** Row-major outputs for n images. */
    public record Outputs(int n, int numClasses, float[] logits, int featureDim, float[] features) {

        public float[] logitsOf(int image) {
            return Arrays.copyOfRange(logits, image * numClasses, (image + 1) * numClasses);
        }

        /** Empty when the features output was not loaded. */
        public float[] featuresOf(int image) {
            return Arrays.copyOfRange(features, image * featureDim, (image + 1) * featureDim);
        }
    }

    private final SavedModel model;
    private final ClassifierSpec names;
    private final ImageShape imageShape;
    private final int numClasses;
    private final int featureDim;

    private Classifier(SavedModel model, ClassifierSpec names, boolean needFeatures) {
        this.model = model;
        this.names = names;
        this.imageShape = ModelContract.imageShape(model, model.inputShape(names.inputX()), "input " + names.inputX());
        this.numClasses = ModelContract.rowLength(model, model.outputShape(names.outputLogits()), "output " + names.outputLogits());
        if (numClasses < 2) {
            throw model.contractViolation("output " + names.outputLogits() + " must have at least 2 classes");
        }
        this.featureDim = needFeatures
                ? ModelContract.rowLength(model, model.outputShape(names.outputFeatures()), "output " + names.outputFeatures())
                : 0;
    }

    public static Classifier load(ClassifierSpec config, Device device, boolean needFeatures) {
        return SavedModel.load("classifier", config.location(), device, model -> new Classifier(model, config, needFeatures));
    }

    public Outputs classify(float[] x, int n) {
        return model.run(m -> {
            NDArray xs = m.create(x, new Shape(n, imageShape.height(), imageShape.width(), imageShape.channels()));
            xs.setName(names.inputX());
            return new NDList(xs);
        }, out -> new Outputs(n, numClasses, SavedModel.floats(out, names.outputLogits()),
                featureDim, featureDim > 0 ? SavedModel.floats(out, names.outputFeatures()) : new float[0]));
    }

    public ImageShape imageShape() {
        return imageShape;
    }

    public int numClasses() {
        return numClasses;
    }

    public int featureDim() {
        return featureDim;
    }

    public SavedModel savedModel() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
