package io.diffood.tools.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.TensorFlow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.diffood.tools.data.Sha256;

/** The {@code model-card.json} written into each exported model directory. */
final class ModelCard {

    static final String FILE_NAME = "model-card.json";

    private final Map<String, Object> fields = new LinkedHashMap<>();

    ModelCard put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** Records the data files with their SHA-256, as stored. */
    ModelCard data(List<Path> files) throws IOException {
        List<Map<String, String>> entries = new ArrayList<>();
        for (Path file : files) {
            entries.add(Map.of("file", file.toString(), "sha256", Sha256.of(file)));
        }
        return put("data", entries);
    }

    ModelCard versions() {
        return put("versions", Map.of("tensorflow", TensorFlow.version(), "djl", djlVersion(),
                "java", System.getProperty("java.version")));
    }

    void write(Path modelDir) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(modelDir.resolve(FILE_NAME).toFile(), fields);
    }

    /** From the DJL jar's manifest, without starting a DJL engine. */
    private static String djlVersion() {
        String version = ai.djl.Model.class.getPackage().getSpecificationVersion();
        return version == null ? "unknown" : version;
    }
}
