package io.diffood.function;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.vertx.web.Param;
import io.quarkus.vertx.web.Route;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The served model set's example images ({@code <diffood.models.path>/examples/}, PNG or JPEG), for the web page's
 * example buttons. {@code GET /examples} lists them, with the caption {@code captions.properties} in that folder
 * gives a file ({@code shoe.png=an ankle boot: in distribution}); {@code GET /examples/{name}} sends one. Only a name
 * of the listing is served, so no path reaches another file.
 */
public class ExamplesRoute {

    private static final Map<String, String> CONTENT_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg");
    private static final String CAPTIONS = "captions.properties";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Example(String name, String caption) {
    }

    public record Answer(String modelSet, List<Example> examples) {
    }

    @Inject
    ModelLifecycle lifecycle;

    @Route(path = "/examples", methods = Route.HttpMethod.GET, produces = "application/json")
    @Blocking
    Answer list() {
        Path dir = lifecycle.modelSet().examples();
        Properties captions = captions(dir);
        return new Answer(lifecycle.modelSet().name(),
                names(dir).stream().map(name -> new Example(name, captions.getProperty(name))).toList());
    }

    @Route(path = "/examples/:name", methods = Route.HttpMethod.GET)
    @Blocking
    void example(@Param("name") String name, RoutingContext rc) {
        Path dir = lifecycle.modelSet().examples();
        if (!names(dir).contains(name)) {
            throw new ApiException(404, "unknown_example", "the model set " + lifecycle.modelSet().name()
                    + " has no example named '" + name + "' (GET /examples lists them)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the example " + name, e);
        }
        rc.response().putHeader("Content-Type", CONTENT_TYPES.get(extension(name))).end(Buffer.buffer(bytes));
    }

    /** The image files of the folder, by name; none when there is no folder. */
    static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(n -> CONTENT_TYPES.containsKey(extension(n))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the examples in " + dir, e);
        }
    }

    private static Properties captions(Path dir) {
        Properties captions = new Properties();
        Path file = dir.resolve(CAPTIONS);
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                captions.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new ApiException(500, "unreadable_captions", file + " cannot be read: " + e.getMessage());
            }
        }
        return captions;
    }

    private static String extension(String name) {
        return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }
}
