package io.diffood.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Where a model set's parts are, its name, and what is said of a missing part. */
class ModelSetFolderTest {

    @TempDir
    Path root;

    @Test
    void partsAndNameFollowTheFolder() {
        ModelSetFolder set = ModelSetFolder.of(root.resolve("cifar10"));
        assertEquals("cifar10", set.name());
        assertEquals(root.resolve("cifar10/denoiser"), set.denoiser());
        assertEquals(root.resolve("cifar10/classifier"), set.classifier());
        assertEquals(root.resolve("cifar10/ood").toAbsolutePath(), set.bundle());
        assertEquals(root.resolve("cifar10/examples"), set.examples());
        assertEquals("demo", ModelSetFolder.of(Path.of("models/demo/")).name());
        assertEquals("demo", ModelSetFolder.of(Path.of("models/demo/classifier/..")).name());
    }

    @Test
    void overridesMoveOnePartEach() {
        Path classifier = root.resolve("elsewhere/classifier");
        ModelSetFolder set = new ModelSetFolder(root.resolve("demo"), Optional.empty(), Optional.of(classifier),
                Optional.empty());
        assertEquals(root.resolve("demo/denoiser"), set.denoiser());
        assertEquals(classifier, set.classifier());
        assertEquals(root.resolve("elsewhere/ood").toAbsolutePath(), set.bundle(), "the bundle stays beside the classifier");
        Path bundle = root.resolve("bundles/b1");
        assertEquals(bundle, new ModelSetFolder(root, Optional.empty(), Optional.empty(), Optional.of(bundle)).bundle());
    }

    @Test
    void eachMissingPartIsNamedWithItsSetting() throws IOException {
        Path set = Files.createDirectories(root.resolve("mine"));
        ModelLoadException noDenoiser = assertThrows(ModelLoadException.class, () -> ModelSetFolder.of(set).requireParts());
        assertThat(noDenoiser.getMessage(), allOf(containsString("model set mine has no denoiser/ folder"),
                containsString(set.resolve("denoiser").toString()), containsString("diffood.denoiser.path")));

        Files.createDirectories(set.resolve("denoiser"));
        ModelLoadException noClassifier = assertThrows(ModelLoadException.class, () -> ModelSetFolder.of(set).requireParts());
        assertThat(noClassifier.getMessage(), allOf(containsString("no classifier/ folder"),
                containsString("diffood.classifier.path")));

        Files.createDirectories(set.resolve("classifier"));
        ModelSetFolder.of(set).requireParts(); // no ood/: served without a bundle, not an error here
    }

    @Test
    void aMissingFolderIsNamedWithTheModelsSetting() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelSetFolder.of(root.resolve("no-such-set")).requireParts());
        assertThat(e.getMessage(), allOf(containsString("no-such-set"), containsString("does not exist"),
                containsString("diffood.models.path")));
    }

    @Test
    void anOverriddenPartIsLeftToItsLoader() {
        // the loader names a missing override with its own setting (ModelContractTest)
        new ModelSetFolder(root.resolve("absent"), Optional.of(root.resolve("d")), Optional.of(root.resolve("c")),
                Optional.empty()).requireParts();
    }
}
