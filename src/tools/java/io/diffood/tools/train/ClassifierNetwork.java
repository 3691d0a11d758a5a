package io.diffood.tools.train;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A classifier family that {@code train} builds: images in [0, 1] to logits and penultimate features. */
interface ClassifierNetwork {

    record Outputs(Operand<TFloat32> logits, Operand<TFloat32> features) {
    }

    int classes();

    int featureDim();

    /** Where the features come from, for model cards. */
    String featuresDescription();

    /** Forward pass; batch norm, where the network has it, follows the {@link Layers}' training mode. */
    Outputs forward(Layers l, Operand<TFloat32> x);

    /** Whether random crops (4-pixel zero padding) are part of its training augmentation, besides flips. */
    boolean randomCrops();
}
