package io.diffood.tools.train;

import java.util.Map;

import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/** One network to train: its training loss, its batches and its serving graph. */
interface TrainingTask {

    /** Short name, used for checkpoints and the progress line. */
    String name();

    /** The network's shape in words, for model cards. */
    String architecture();

    /**
     * What a checkpoint must share, besides the hyperparameters, to be resumed: the architecture, and whatever else
     * changes the run (a classifier's Cutout).
     */
    default String configuration() {
        return architecture();
    }

    /** Builds placeholders, the forward pass and the scalar loss into the training graph. */
    Operand<TFloat32> buildLoss(Layers layers);

    /** The batch of a step, a pure function of the seed and the step; the caller closes the tensors. */
    Map<Operand<?>, Tensor> batch(long step);

    /**
     * Builds the inference-only graph with the same variables in the same order as
     * {@link #buildLoss} and returns its serving signature.
     */
    Signature buildServing(Layers layers);
}
