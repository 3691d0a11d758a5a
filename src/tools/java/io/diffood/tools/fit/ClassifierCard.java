package io.diffood.tools.fit;

import io.diffood.tools.data.DataSplit;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code fit} needs from the model card {@code train} wrote beside the classifier: the classes, the data
 * source's checksum and the validation split, so that the bank and the calibration use the same held-out images.
 */
record ClassifierCard(List<String> classes, String dataSha256, DataSplit split) {

    static final String FILE_NAME = "model-card.json";

    /** Empty when the classifier has no card (a user's own classifier) or a card without a split (the demo's). */
    static Optional<ClassifierCard> read(Path classifierDir) throws IOException {
        Path file = classifierDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<?, ?> card = new ObjectMapper().readValue(file.toFile(), Map.class);
        if (!(card.get("split") instanceof Map<?, ?> split) || !(card.get("data") instanceof Map<?, ?> data)) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<String> classes = (List<String>) card.get("classes");
        return Optional.of(new ClassifierCard(classes, (String) data.get("sha256"), DataSplit.fromCard(split)));
    }
}
