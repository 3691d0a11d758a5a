package io.diffood.model;

import ai.djl.ndarray.types.Shape;

/** Shape checks of the model contract, done once at load time. */
final class ModelContract {

    private ModelContract() {
    }

    /** (N, H, W, C) with any N and known H, W, C. */
    static ImageShape imageShape(SavedModel model, Shape shape, String what) {
        if (shape.dimension() != 4 || shape.get(1) <= 0 || shape.get(2) <= 0 || shape.get(3) <= 0) {
            throw model.contractViolation(what + " must be (N,H,W,C) with known H, W and C, but is " + shape);
        }
        return new ImageShape((int) shape.get(1), (int) shape.get(2), (int) shape.get(3));
    }

    /** (N), one value per image. */
    static void requireVector(SavedModel model, Shape shape, String what) {
        if (shape.dimension() != 1) {
            throw model.contractViolation(what + " must be (N), but is " + shape);
        }
    }

    /** (N, D) with known D; returns D. */
    static int rowLength(SavedModel model, Shape shape, String what) {
        if (shape.dimension() != 2 || shape.get(1) <= 0) {
            throw model.contractViolation(what + " must be (N,D) with known D, but is " + shape);
        }
        return (int) shape.get(1);
    }
}
