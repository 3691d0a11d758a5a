package io.diffood.function;

import io.diffood.model.ModelLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Class names from the classifier's model card: read, checked against the logits, refused when malformed. */
class ClassNamesTest {

    @TempDir
    Path classifier;

    @Test
    void theCardsClassesInLabelOrder() throws IOException {
        card("{\"model\": \"classifier\", \"classes\": [\"airplane\", \"automobile\", \"bird\"]}");
        assertEquals(Optional.of(List.of("airplane", "automobile", "bird")), ClassNames.of(classifier, 3, Optional.empty()));
    }

    @Test
    void noCardOrNoClassesGivesNoNames() throws IOException {
        assertEquals(Optional.empty(), ClassNames.of(classifier, 10, Optional.empty()));
        card("{\"model\": \"classifier\"}");
        assertEquals(Optional.empty(), ClassNames.of(classifier, 10, Optional.empty()));
    }

    @Test
    void aCountThatDisagreesWithTheLogitsNamesBoth() throws IOException {
        card("{\"classes\": [\"a\", \"b\", \"c\"]}");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ClassNames.of(classifier, 10, Optional.empty()));
        assertThat(e.getMessage(), allOf(containsString("model-card.json"), containsString("lists 3 classes"),
                containsString("logits have 10")));
    }

    @Test
    void malformedClassesAreRefusedNamingTheCard() throws IOException {
        for (String text : List.of("{\"classes\": \"a,b\"}", "{\"classes\": [\"a\", 2]}", "{\"classes\": [\"a\"",
                "not json")) {
            card(text);
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> ClassNames.of(classifier, 2, Optional.empty()), text);
            assertThat(text, e.getMessage(), containsString(classifier.resolve("model-card.json").toString()));
        }
    }

    private void card(String json) throws IOException {
        Files.writeString(classifier.resolve("model-card.json"), json);
    }
}
