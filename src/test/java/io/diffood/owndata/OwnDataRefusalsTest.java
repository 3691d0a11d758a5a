package io.diffood.owndata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diffood.model.TensorFlowNatives;
import io.diffood.tools.DiffoodTools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} and {@code fit} refuse data they cannot use with exit code 2 and a message that names the problem,
 * and leave nothing that a later run or the function would take for a finished model.
 */
class OwnDataRefusalsTest {

    @TempDir
    static Path shared;
    private static Path trained;

    @BeforeAll
    static void trainTinyModels() {
        TensorFlowNatives.ensureLoaded();
        Path data = ColourImages.folder(shared.resolve("images"), 8, 11);
        trained = shared.resolve("models");
        assertEquals(0, DiffoodTools.run("train", "--data", data.toString(), "--out", trained.toString(),
                "--validation", "6", "--classifier-depth", "8", "--classifier-steps", "3", "--classifier-batch", "8",
                "--denoiser-width", "8", "--denoiser-steps", "2", "--denoiser-batch", "4", "--validation-images", "2"));
    }

    @Test
    void trainRefusesASingleClassAndWritesNoModel(@TempDir Path dir) throws IOException {
        Path only = Files.createDirectories(dir.resolve("images/cats"));
        Files.write(only.resolve("a.png"), ColourImages.png(ColourImages.image(0, 32, 32, new Random(1))));
        Run run = run("train", "--data", dir.resolve("images").toString(), "--out", dir.resolve("out").toString());
        assertEquals(DiffoodTools.DATA_ERROR, run.status());
        assertTrue(run.err().contains("one class only (cats)"), run.err());
        assertFalse(Files.exists(dir.resolve("out/classifier")));
    }

    @Test
    void fitRefusesAnotherSourceThanTheClassifierWasTrainedOn(@TempDir Path dir) {
        Path other = ColourImages.folder(dir.resolve("other"), 8, 12);
        Run run = fit(other, dir.resolve("ood"));
        assertEquals(DiffoodTools.DATA_ERROR, run.status());
        assertTrue(run.err().contains("is not the source the classifier was trained on"), run.err());
        assertFalse(Files.exists(dir.resolve("ood")));
    }

    @Test
    void fitRefusesDataWhoseClassesDisagreeWithTheClassifier(@TempDir Path dir) throws IOException {
        Path two = ColourImages.folder(dir.resolve("two"), 4, 13);
        org.apache.commons.io.file.PathUtils.deleteDirectory(two.resolve("reds"));
        Run run = fit(two, dir.resolve("ood"));
        assertEquals(DiffoodTools.DATA_ERROR, run.status());
        assertTrue(run.err().contains("has 2 classes but the classifier answers 3"), run.err());
    }

    private static Run fit(Path data, Path out) {
        return run("fit", "--data", data.toString(), "--out", out.toString(),
                "--set", "diffood.classifier.path=" + trained.resolve("classifier"),
                "--set", "diffood.denoiser.path=" + trained.resolve("denoiser"));
    }

    private record Run(int status, String err) {
    }

    /** Runs a tool command and keeps what it said on stderr. */
    private static synchronized Run run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(err);
            int status = DiffoodTools.run(args);
            return new Run(status, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
