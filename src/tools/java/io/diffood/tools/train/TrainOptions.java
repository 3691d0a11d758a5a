package io.diffood.tools.train;

import io.diffood.model.ImageShape;

import java.nio.file.Path;

/**
 * What {@link TrainCommand} asks {@link ModelTraining} to do; null means "chosen from the data" (see the command's
 * option descriptions).
 */
record TrainOptions(Path out, DataOptions source, ImageShape shape, long seed, Family classifier, int classifierDepth,
        Integer classifierWidth, VggClassifier.Pooling classifierPooling, boolean classifierFlipAverage,
        int classifierCutout, Path classifierInit, Double classifierLr, int classifierBatch, long classifierSteps,
        long denoiserSteps, int denoiserWidth, boolean denoiserAttention, Path denoiserInit, double denoiserLr,
        int denoiserBatch, String only, double checkpointMinutes, Path checkpointRoot, boolean keepCheckpoints,
        int validationImages) {

    /** The classifier families {@code train} builds; auto: cnn for 28x28x1 images (the demo), resnet otherwise. */
    enum Family {
        auto, cnn, resnet, vgg
    }

    boolean trains(String model) {
        return only == null || only.equals(model);
    }

    Path checkpointDir(String model) {
        return (checkpointRoot != null ? checkpointRoot : out.resolve(".checkpoint")).resolve(model);
    }
}
