package io.diffood.model;

import ai.djl.Device;

/**
 * The denoiser and the classifier, loaded together and checked against each other: both must take the same
 * image shape, and the denoiser's unconditional label is the classifier's class count K.
 */
public final class ModelSet implements AutoCloseable {

    private final Denoiser denoiser;
    private final Classifier classifier;
    private final Device device;

    private ModelSet(Denoiser denoiser, Classifier classifier, Device device) {
        this.denoiser = denoiser;
        this.classifier = classifier;
        this.device = device;
    }

    public static ModelSet load(ModelSetSpec spec) {
        Device device = DeviceSelector.select(spec.device());
        Denoiser denoiser = Denoiser.load(spec.denoiser(), device);
        try {
            Classifier classifier = Classifier.load(spec.classifier(), device, spec.needFeatures());
            if (!classifier.imageShape().equals(denoiser.imageShape())) {
                ModelLoadException e = new ModelLoadException("the classifier takes " + classifier.imageShape()
                        + " images but the denoiser takes " + denoiser.imageShape());
                classifier.close();
                throw e;
            }
            return new ModelSet(denoiser, classifier, device);
        } catch (RuntimeException e) {
            denoiser.close();
            throw e;
        }
    }

    public Denoiser denoiser() {
        return denoiser;
    }

    public Classifier classifier() {
        return classifier;
    }

    public Device device() {
        return device;
    }

    /** The denoiser's label for "no class". */
    public int nullClass() {
        return classifier.numClasses();
    }

    public ImageShape imageShape() {
        return classifier.imageShape();
    }

    /** NDArrays still open under both models' managers. */
    public int openArrays() {
        return denoiser.savedModel().openArrays() + classifier.savedModel().openArrays();
    }

    @Override
    public void close() {
        classifier.close();
        denoiser.close();
    }
}
