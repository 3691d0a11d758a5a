package io.diffood.tools.fit;

import io.diffood.tools.data.DataException;
import io.diffood.tools.data.DataSplit;
import io.diffood.tools.data.Dataset;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code fit} and the evaluation tools need from the model card {@code train} wrote beside the classifier: the
 * classes, the data source and its checksum, the validation split (so that the bank and the calibration use the same
 * held-out images) and the test source the accuracy was measured on, if any.
 *
 * @param source   the training source as {@code train} was given it ({@code data.source})
 * @param testData the test source's path as given to {@code train}, or empty when it had none
 */
public record ClassifierCard(List<String> classes, String source, String dataSha256, DataSplit split,
        Optional<String> testData) {

    static final String FILE_NAME = "model-card.json";
    /** What {@code train} writes as {@code testData} when it was given no test source. */
    private static final String NO_TEST_DATA = "the validation part";

    /** Empty when the classifier has no card (a user's own classifier) or a card without a split (the demo's). */
    public static Optional<ClassifierCard> read(Path classifierDir) throws IOException {
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
        Optional<String> test = Optional.ofNullable((String) card.get("testData"))
                .filter(t -> !t.startsWith(NO_TEST_DATA));
        return Optional.of(new ClassifierCard(classes, (String) data.get("source"), (String) data.get("sha256"),
                DataSplit.fromCard(split), test));
    }

    /**
     * The card's split, once {@code given} is shown to be the source the classifier was trained on (same classes,
     * same SHA-256): another source's split would not keep the trained-on images out of what is held out.
     *
     * @param alternative what the message suggests instead (e.g. "or --validation")
     */
    public DataSplit splitOf(Dataset given, String alternative) {
        if (classes != null && !classes.equals(given.classes())) {
            throw new DataException(given.source() + " has classes " + given.classes()
                    + " but the classifier was trained on " + classes);
        }
        if (!dataSha256.equals(given.sha256())) {
            throw new DataException(given.source() + " is not the source the classifier was trained on (SHA-256 "
                    + given.sha256() + ", the model card has " + dataSha256 + "): its split would not"
                    + " keep the trained-on images out of the held-out part; give the same source" + alternative);
        }
        return split;
    }
}
