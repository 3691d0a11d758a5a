package io.diffood.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PropertyFileTest {

    private static final String KEY = "diffood.ddp.threshold";

    @TempDir
    Path dir;

    @Test
    void createsTheFileAndItsDirectory() throws IOException {
        Path file = dir.resolve("config/application.properties");
        PropertyFile.set(file, KEY, "0.25", "calibrated");
        assertEquals(List.of("# diffood.ddp.threshold: calibrated", "diffood.ddp.threshold=0.25"), Files.readAllLines(file));
    }

    @Test
    void replacesOnlyTheKeyAndKeepsEveryOtherLine() throws IOException {
        Path file = dir.resolve("application.properties");
        Files.write(file, List.of(
                "# models",
                "diffood.denoiser.path=/models/denoiser",
                "",
                "#diffood.ddp.threshold=0.9",
                "diffood.ddp.threshold.note=not this key",
                "diffood.ddp.threshold = 0.1",
                "diffood.ddp.repeats: 2"));
        PropertyFile.set(file, KEY, "0.3", "first");
        PropertyFile.set(file, KEY, "0.35", "second");
        assertEquals(List.of(
                "# models",
                "diffood.denoiser.path=/models/denoiser",
                "",
                "#diffood.ddp.threshold=0.9",
                "diffood.ddp.threshold.note=not this key",
                "# diffood.ddp.threshold: second",
                "diffood.ddp.threshold=0.35",
                "diffood.ddp.repeats: 2"), Files.readAllLines(file));
        assertEquals("0.35", load(file).getProperty(KEY));
        assertEquals("2", load(file).getProperty("diffood.ddp.repeats"));
    }

    @Test
    void dropsDuplicatesThatWouldOverrideTheNewValue() throws IOException {
        Path file = dir.resolve("application.properties");
        Files.write(file, List.of("diffood.ddp.threshold:0.1", "x=1", "diffood.ddp.threshold 0.2"));
        PropertyFile.set(file, KEY, "0.5", "why");
        assertEquals(List.of("# diffood.ddp.threshold: why", "diffood.ddp.threshold=0.5", "x=1"), Files.readAllLines(file));
    }

    @Test
    void appendsWhenTheKeyIsMissing() throws IOException {
        Path file = dir.resolve("application.properties");
        Files.write(file, List.of("x=1"));
        PropertyFile.set(file, KEY, "0.5", "why");
        assertEquals(List.of("x=1", "# diffood.ddp.threshold: why", "diffood.ddp.threshold=0.5"), Files.readAllLines(file));
        assertEquals("0.5", load(file).getProperty(KEY));
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }
}
