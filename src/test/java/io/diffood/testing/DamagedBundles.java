package io.diffood.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Copies of the fixture OOD bundle with one thing wrong, for the readiness tests. */
public final class DamagedBundles {

    private static final Path ROOT = Path.of("target", "damaged-bundles");

    private DamagedBundles() {
    }

    /** The bundle with one byte of its feature bank flipped: its checksum no longer matches. */
    public static Path corrupt() {
        Path dir = copy("corrupt");
        try {
            byte[] bank = Files.readAllBytes(dir.resolve("bank.i8"));
            bank[bank.length / 2] ^= 0x5a;
            Files.write(dir.resolve("bank.i8"), bank);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** The bundle as if fitted for another classifier. */
    public static Path forOtherModels() {
        return editManifest("other-models", text -> text.replaceFirst("models\\.classifier\\.sha256=\\w+",
                "models.classifier.sha256=" + "0".repeat(64)));
    }

    private static Path editManifest(String name, UnaryOperator<String> edit) {
        Path dir = copy(name);
        Path manifest = dir.resolve("bundle.properties");
        try {
            Files.writeString(manifest, edit.apply(Files.readString(manifest)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static Path copy(String name) {
        FixtureModelsResource.buildOnce();
        Path to = ROOT.resolve(name);
        FixtureModels.copyFolder(FixtureModelsResource.DIR.resolve("ood"), to);
        return to;
    }
}
