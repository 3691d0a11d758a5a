package io.diffood.score;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One image to score, in the classifier's input layout (HWC, [0, 1]), with its settings; {@code abandoned} turns
 * true when nobody waits for the answer any more (timed out, caller gone), so the scorer stops spending on it.
 */
public record ScoreJob(float[] image, ScoreSettings settings, BooleanSupplier abandoned) {

    /** A job whose answer is always wanted (tools, tests, warm-up). */
    public static ScoreJob of(float[] image, ScoreSettings settings) {
        return new ScoreJob(image, settings, () -> false);
    }

    /** Jobs for images that share their settings. */
    public static List<ScoreJob> all(List<float[]> images, ScoreSettings settings) {
        return images.stream().map(image -> of(image, settings)).toList();
    }
}
