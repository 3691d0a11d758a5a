package io.diffood.model;

import ai.djl.Device;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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

    /**
     * Loads both models, in parallel (each SavedModel load is mostly single-threaded native work), runs each once on a
     * small batch in its loading thread (TensorFlow optimizes a graph on its first run: the first request must not pay
     * for that), and checks them against each other. On any failure nothing stays open.
     */
    public static ModelSet load(ModelSetSpec spec) {
        Device device = DeviceSelector.select(spec.device());
        SavedModel.startEngine(); // once, before two threads use it
        CompletableFuture<Denoiser> loading = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            try {
                loading.complete(warm(Denoiser.load(spec.denoiser(), device)));
            } catch (Throwable t) {
                loading.completeExceptionally(t);
            }
        }, "diffood-load-denoiser");
        other.setDaemon(true);
        other.start();
        Classifier classifier;
        try {
            classifier = warm(Classifier.load(spec.classifier(), device, spec.needFeatures()));
        } catch (RuntimeException e) {
            try {
                loading.join().close();
            } catch (CompletionException first) { // both failed: report the denoiser's problem, as a serial load would
                if (first.getCause() instanceof RuntimeException d) {
                    d.addSuppressed(e);
                    throw d;
                }
            }
            throw e;
        }
        Denoiser denoiser;
        try {
            denoiser = loading.join();
        } catch (CompletionException e) {
            classifier.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (!classifier.imageShape().equals(denoiser.imageShape())) {
            ModelLoadException e = new ModelLoadException("the classifier takes " + classifier.imageShape()
                    + " images but the denoiser takes " + denoiser.imageShape());
            classifier.close();
            denoiser.close();
            throw e;
        }
        return new ModelSet(denoiser, classifier, device);
    }

    /** One run on the rows of a light request (one trajectory, both guidance halves); closes it if that fails. */
    private static Denoiser warm(Denoiser denoiser) {
        try {
            denoiser.predictNoise(new float[2 * denoiser.imageShape().size()], new int[] {1, 1}, new int[] {0, 0});
            return denoiser;
        } catch (RuntimeException e) {
            denoiser.close();
            throw e;
        }
    }

    private static Classifier warm(Classifier classifier) {
        try {
            classifier.classify(new float[classifier.imageShape().size()], 1);
            return classifier;
        } catch (RuntimeException e) {
            classifier.close();
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
