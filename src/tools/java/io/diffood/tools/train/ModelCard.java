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


/** The {@code model-card.json} written into each exported model directory. */
final class ModelCard {

    static final String FILE_NAME = "model-card.json";

    private final Map<String, Object> fields = new LinkedHashMap<>();

    ModelCard put(String key, Object value) {
        fields.put(key, value);
        return this;
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
