package io.diffood.function;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The process entry: begins the {@link EarlyStart} (TensorFlow natives, models, warm-up) on background threads, then
 * boots Quarkus on this one, so that the two overlap.
 */
@QuarkusMain
public final class DiffoodMain {

    private DiffoodMain() {
    }

    public static void main(String... args) {
        EarlyStart.begin();
        Quarkus.run(args);
    }
}
