package io.diffood.owndata;

import io.diffood.tools.DiffoodTools;

import java.nio.file.Path;

/**
 * A model set made from generated colour images the way a user makes one from theirs: {@code train} (tiny models,
 * a few steps) and {@code fit} from the same source, with the commands the README shows.
 */
final class OwnModelSet {

    private OwnModelSet() {
    }

    /** Trains and fits into {@code out} from {@code data} (a folder or a .tar.gz); fails the test on a non-zero exit. */
    static Path build(Path data, Path out) {
        run("train", "--data", data.toString(), "--out", out.toString(), "--validation", "0.25",
                "--classifier-depth", "8", "--classifier-steps", "30", "--classifier-batch", "16",
                "--denoiser-width", "8", "--denoiser-steps", "10", "--denoiser-batch", "8", "--denoiser-attention",
                "--validation-images", "8");
        run("fit", "--data", data.toString(), "--k", "5", "--denoised-validation", "12", "--thumbnails", "20",
                "--set", "diffood.classifier.path=" + out.resolve("classifier"),
                "--set", "diffood.denoiser.path=" + out.resolve("denoiser"),
                "--out", out.resolve("ood").toString());
        return out;
    }

    private static void run(String... args) {
        int status = DiffoodTools.run(args);
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", args) + " exited with " + status);
        }
    }
}
