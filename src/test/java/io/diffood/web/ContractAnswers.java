package io.diffood.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;

/**
 * Canned answers of GET /detectors and POST /score for the page tests: the contract the backend is growing into,
 * today's answer, and malformed ones. Images are the README's examples, so every base64 PNG decodes.
 */
final class ContractAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractAnswers() {
    }

    static Map<String, Object> detectors() {
        return parse("""
                {"detectors": [
                   {"name": "knn", "usesDenoiser": false, "denoiserEvaluations": 0, "fitted": true,
                    "description": "distance to the nearest training images' features",
                    "validationHistogram": {"edges": %s, "counts": [1, 3, 8, 20, 41, 66, 90, 110, 118, 112,
                                                                   95, 80, 62, 45, 30, 20, 12, 8, 4, 2]}},
                   {"name": "ddp", "usesDenoiser": true, "denoiserEvaluations": 120, "fitted": true,
                    "description": "diffusion denoising process: how far the classifier's answer moves",
                    "validationHistogram": {"edges": %s, "counts": [2, 10, 30, 60, 90, 120, 130, 120, 100, 80,
                                                                   60, 45, 30, 20, 12, 8, 5, 3, 2, 1]}},
                   {"name": "msp", "usesDenoiser": false, "denoiserEvaluations": 0, "fitted": true,
                    "description": "1 - max softmax",
                    "validationHistogram": {"edges": %s, "counts": [700, 90, 50, 30, 20, 15, 12, 10, 8, 7,
                                                                   6, 5, 5, 4, 4, 3, 3, 2, 2, 1]}},
                   {"name": "energy", "usesDenoiser": false, "denoiserEvaluations": 0, "fitted": true,
                    "description": "-logsumexp(logits)"}],
                 "decision": "knn", "falsePositiveRate": 0.05,
                 "classNames": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                                "Sneaker", "Bag", "Ankle boot"]}
                """.formatted(edges(0, 0.4), edges(0, 0.6), edges(0, 1)));
    }

    static Map<String, Object> score() {
        return parse("""
                {"detector": "knn", "score": 0.31, "ood": true, "falsePositiveRate": 0.05, "threshold": 0.12,
                 "scores": {"knn": 0.31, "ddp": 0.7, "msp": 0.2, "energy": -3.1},
                 "pValues": {"knn": 0.001, "ddp": 0.004, "msp": 0.2},
                 "label": 3, "confidence": 0.8, "denoiserEvaluations": 24, "perTimestep": {"120": 0.4},
                 "timingsMs": {"decode": 0.9, "denoiser": 30.1, "classifier": 2.2, "total": 35.2},
                 "explanation": {
                   "denoised": {"480": "%2$s", "120": "%1$s"},
                   "changeMap": "%3$s",
                   "neighbours": [{"index": 12, "label": 3, "similarity": 0.93, "thumbnail": "%1$s"},
                                  {"index": 40, "label": 9, "similarity": 0.88}],
                   "probabilities": {
                     "input": [0.01, 0.02, 0.03, 0.8, 0.04, 0.03, 0.03, 0.01, 0.02, 0.01],
                     "denoised": {"120": [0.02, 0.02, 0.05, 0.6, 0.1, 0.05, 0.1, 0.02, 0.02, 0.02],
                                  "480": [0.05, 0.01, 0.1, 0.1, 0.1, 0.3, 0.2, 0.04, 0.05, 0.05]}}}}
                """.formatted(example("digit"), example("shoe"), example("letter")));
    }

    /** What POST /score answers before the explanation and the detectors exist (the README's shoe). */
    static Map<String, Object> todaysScore() {
        return parse("""
                {"score": 0.338, "ood": false, "threshold": 0.8992, "label": 9, "confidence": 0.99977,
                 "perTimestep": {"120": 0.123, "480": 0.554},
                 "baselines": {"msp": 0.00023, "maxLogit": -16.833, "energy": -16.833},
                 "seed": 0, "timesteps": [120, 480], "repeats": 2, "denoiserEvaluations": 120, "batchSize": 1,
                 "timingsMs": {"decode": 1.1, "queue": 6.3, "denoiser": 1182.7, "classifier": 21.2,
                               "batch": 1208.6, "total": 1216.2}}
                """);
    }

    static Map<String, Object> malformedScore() {
        return parse("""
                {"ood": true, "scores": [1, 2], "pValues": null, "explanation": "x", "timingsMs": 5,
                 "perTimestep": [], "label": "x", "detector": 5, "denoiserEvaluations": "many"}
                """);
    }

    static Map<String, Object> brokenHistograms() {
        return parse("""
                {"detectors": [
                   {"name": "a", "validationHistogram": {"edges": [0, 1], "counts": [1, 2]}},
                   {"name": "b", "validationHistogram": {"edges": [1, 0], "counts": [3]}},
                   {"name": "c", "validationHistogram": {"edges": [0, 1], "counts": [-1]}},
                   {"name": "d", "validationHistogram": "x"},
                   {"name": 5}, "junk", null],
                 "classNames": ["x"], "decision": "a", "falsePositiveRate": "high"}
                """);
    }

    static Map<String, Object> brokenExplanation() {
        return parse("""
                {"ood": false, "score": 0.2, "label": 1,
                 "scores": {"a": 0.1, "b": "x", "c": 0.3, "d": null}, "pValues": {"a": "x"},
                 "explanation": {"denoised": {"120": 5, "480": null, "240": ""},
                                 "neighbours": [null, 3, {"label": 99}],
                                 "probabilities": {"input": "x", "denoised": {"120": [0.5, "x", null]}},
                                 "changeMap": ""}}
                """);
    }

    /** 21 evenly spaced histogram edges. */
    private static String edges(double lo, double hi) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i <= 20; i++) {
            s.append(i == 0 ? "" : ", ").append(lo + (hi - lo) * i / 20);
        }
        return s.append(']').toString();
    }

    static String example(String name) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(WebPageBrowserTest.EXAMPLES.resolve(name + ".png")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
