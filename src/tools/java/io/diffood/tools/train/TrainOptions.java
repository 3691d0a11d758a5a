package io.diffood.tools.train;

import java.nio.file.Path;

/** What {@link TrainCommand} asks {@link TrainDemoModels} to do. */
record TrainOptions(Path out, Path data, long seed, long classifierSteps, long denoiserSteps, int classifierWidth,
        int denoiserWidth, String only, double checkpointMinutes, int validationImages) {

    boolean trains(String model) {
        return only == null || only.equals(model);
    }

    Path checkpointDir(String model) {
        return out.resolve(".checkpoint").resolve(model);
    }
}
