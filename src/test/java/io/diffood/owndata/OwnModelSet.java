package io.diffood.owndata;

import io.diffood.tools.DiffoodTools;

import java.nio.file.Path;

/**
 * A model set made from generated colour images the way a user makes one from theirs: {@code train} (tiny models,
 * a few steps) and {@code fit} from the same source, with the commands the README shows.
 */
public final class OwnModelSet {

    /** Where {@link #forTools()} builds its set. */
    private static final Path TOOLS_ROOT = Path.of("target", "own-data", "tools");
    private static Path tools;

    private OwnModelSet() {
    }

    /**
     * A 32x32x3 model set of three colour classes for the evaluation tools' tests, built once per test JVM, with a
     * test source beside it: {@code models/} (its classifier's card names {@code images/} as the training source and
     * no test source) and {@code test/} (8 images per class, another seed).
     */
    public static synchronized Path forTools() {
        if (tools == null) {
            io.diffood.testing.FixtureModels.deleteRecursively(TOOLS_ROOT);
            ColourImages.folder(TOOLS_ROOT.resolve("test"), 8, 11);
            build(ColourImages.folder(TOOLS_ROOT.resolve("images"), 24, 5), TOOLS_ROOT.resolve("models"));
            tools = TOOLS_ROOT;
        }
        return tools;
    }

    /** Trains and fits into {@code out} from {@code data} (a folder or a .tar.gz); fails the test on a non-zero exit. */
    public static Path build(Path data, Path out) {
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
