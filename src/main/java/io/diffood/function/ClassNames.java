package io.diffood.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diffood.detect.ModelHashes;
import io.diffood.detect.OodBundle;
import io.diffood.model.ModelLoadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The classifier's class names in label order: the {@code classes} array of the {@code model-card.json} in its
 * folder (the train tool writes it), else the {@code classNames} the OOD bundle was fitted with. A card whose
 * classes disagree with the classifier's logits is refused: its names would label the wrong classes.
 */
final class ClassNames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClassNames() {
    }

    static Optional<List<String>> of(Path classifierDir, int classes, Optional<OodBundle> bundle) {
        Optional<List<String>> card = fromModelCard(classifierDir.resolve(ModelHashes.MODEL_CARD));
        if (card.isPresent()) {
            if (card.get().size() != classes) {
                throw new ModelLoadException("the classifier's model card " + classifierDir.resolve(ModelHashes.MODEL_CARD)
                        .toAbsolutePath() + " lists " + card.get().size() + " classes, but the classifier's logits have "
                        + classes + " (the card belongs to another classifier, or its classes are wrong)");
            }
            return card;
        }
        return bundle.map(b -> b.provenance().get("classNames"))
                .map(names -> Arrays.asList(names.split(",", -1)))
                .filter(names -> names.size() == classes); // free text given to fit: shown only when it fits
    }

    /** Empty without a card or without {@code classes} in it. */
    static Optional<List<String>> fromModelCard(Path card) {
        if (!Files.isRegularFile(card)) {
            return Optional.empty();
        }
        JsonNode classes;
        try {
            classes = JSON.readTree(card.toFile()).path("classes");
        } catch (IOException e) {
            throw new ModelLoadException("the classifier's model card " + card.toAbsolutePath() + " is not JSON: "
                    + e.getMessage(), e);
        }
        if (classes.isMissingNode() || classes.isNull()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : classes.isArray() ? classes : List.<JsonNode>of()) {
            if (name.isTextual()) {
                names.add(name.asText());
            }
        }
        if (!classes.isArray() || names.size() != classes.size()) {
            throw new ModelLoadException("the classifier's model card " + card.toAbsolutePath()
                    + ": \"classes\" must be an array of class names in label order, it is " + classes);
        }
        return Optional.of(List.copyOf(names));
    }
}
