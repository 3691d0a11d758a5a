package io.diffood.score;

/** Where the DDP score measures movement: the classifier's logits or its penultimate features. */
public enum Space {
    LOGITS, FEATURES;
}
