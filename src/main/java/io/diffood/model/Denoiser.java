package io.diffood.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.diffood.diffusion.NoisePredictor;

/**
 * The class-conditional noise-prediction network. Contract: inputs x (N,H,W,C float32 in [-1,1]),
 * t (N int32 timestep), y (N int32 class, K = unconditional); output eps shaped like x.
 */
public final class Denoiser implements NoisePredictor, AutoCloseable {

    private final SavedModel model;
    private final DenoiserSpec names;
    private final ImageShape imageShape;

    private Denoiser(SavedModel model, DenoiserSpec names) {
        this.model = model;
        this.names = names;
        this.imageShape = ModelContract.imageShape(model, model.inputShape(names.inputX()), "input " + names.inputX());
        ModelContract.requireVector(model, model.inputShape(names.inputT()), "input " + names.inputT());
        ModelContract.requireVector(model, model.inputShape(names.inputY()), "input " + names.inputY());
        ImageShape eps = ModelContract.imageShape(model, model.outputShape(names.outputEps()), "output " + names.outputEps());
        if (!eps.equals(imageShape)) {
            throw model.contractViolation("output " + names.outputEps() + " is " + eps + " but input x is " + imageShape);
        }
    }

    public static Denoiser load(DenoiserSpec config, Device device) {
        return SavedModel.load("denoiser", config.location(), device, model -> new Denoiser(model, config));
    }

    public ImageShape imageShape() {
        return imageShape;
    }

    @Override
    public float[] predictNoise(float[] x, int[] t, int[] y) {
        long n = t.length;
        return model.run(m -> {
            NDArray xs = m.create(x, new Shape(n, imageShape.height(), imageShape.width(), imageShape.channels()));
            xs.setName(names.inputX());
            NDArray ts = m.create(t);
            ts.setName(names.inputT());
            NDArray ys = m.create(y);
            ys.setName(names.inputY());
            return new NDList(xs, ts, ys);
        }, out -> SavedModel.floats(out, names.outputEps()));
    }

    public SavedModel savedModel() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
