package io.diffood.kserve;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** The schema check itself can fail: bodies that break KServe's document are caught. */
class OpenInferenceSchemaTest {

    @Test
    void refusesBodiesThatBreakTheDocument() {
        // no inputs
        assertFalse(OpenInferenceSchema.violations("inference_request", "{\"id\": \"1\"}").isEmpty());
        // an input without datatype, deep in a referenced schema
        assertFalse(OpenInferenceSchema.violations("inference_request",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"data\": [1]}]}").isEmpty());
        // a tensor element that is an object
        assertFalse(OpenInferenceSchema.violations("inference_response", "{\"model_name\": \"m\", \"outputs\": "
                + "[{\"name\": \"o\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [{\"a\": 1}]}]}").isEmpty());
        // an error that is not a string
        assertFalse(OpenInferenceSchema.violations("inference_error_response", "{\"error\": 3}").isEmpty());
    }

    @Test
    void acceptsTheDocumentsOwnExampleShape() {
        OpenInferenceSchema.assertValid("inference_request", "{\"id\": \"42\", \"inputs\": [{\"name\": \"input0\", "
                + "\"shape\": [2, 2], \"datatype\": \"UINT32\", \"data\": [[1, 2], [3, 4]]}], \"outputs\": [{\"name\": \"output0\"}]}");
    }
}
