package io.diffood.score;

import java.util.Locale;

/** Where the DDP score measures movement: the classifier's logits or its penultimate features. */
public enum Space {
    LOGITS, FEATURES;

    public static Space of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("diffood.ddp.space must be logits or features, not '" + name + "'");
        }
    }
}
