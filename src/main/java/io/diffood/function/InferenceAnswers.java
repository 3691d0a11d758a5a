package io.diffood.function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Writes image answers in the forms of KServe's protocols: V2 output tensors, V1 prediction rows. */
final class InferenceAnswers {

    /**
     * One image's answer as a row (V1 predictions, logged-request results): the decision and its detector's score and
     * p-value, the classifier's label; every computed detector's score and p-value when more than one was computed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Row(boolean ood, double score, @JsonProperty("p_value") Double pValue, int label, String detector,
            Map<String, Double> scores, @JsonProperty("p_values") Map<String, Double> pValues) {

        static Row of(ScoreResponse r) {
            boolean more = r.scores().size() > 1;
            return new Row(r.ood(), r.score(), r.pValues().get(r.detector()), r.label(), r.detector(),
                    more ? r.scores() : null, more ? r.pValues() : null);
        }
    }

    /** An output tensor of a V2 answer. */
    record Output(String name, String datatype, List<Integer> shape, List<?> data) {
    }

    /** A V2 inference response. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record V2Response(@JsonProperty("model_name") String modelName, String id, List<Output> outputs) {
    }

    private InferenceAnswers() {
    }

    /**
     * The answers of a protocol request that is answered whole: any refused image refuses the request, with the
     * image's index (V1 and V2 have no per-image error).
     */
    static List<ScoreResponse> allAnswered(List<BatchedScoring.Outcome> outcomes) {
        List<ScoreResponse> answers = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            ApiException refusal = outcomes.get(i).refusal();
            if (refusal != null) {
                throw new ApiException(refusal.status(), refusal.error(), "image " + i + ": " + refusal.getMessage());
            }
            answers.add(outcomes.get(i).answer());
        }
        return answers;
    }

    /**
     * Output tensors, one row per image: {@code ood} BOOL, {@code score} and {@code p_value} FP64 of the decision
     * detector, {@code label} INT32, and {@code score_<name>}, {@code p_value_<name>} of every other detector computed;
     * only the {@code requested} ones when the request names some (an unknown name is a 400).
     */
    static V2Response v2(String model, String id, List<ScoreResponse> answers, List<String> requested) {
        ScoreResponse first = answers.get(0);
        Map<String, Output> outputs = new LinkedHashMap<>();
        put(outputs, "ood", "BOOL", answers, ScoreResponse::ood);
        put(outputs, "score", "FP64", answers, ScoreResponse::score);
        if (first.pValues().containsKey(first.detector())) {
            put(outputs, "p_value", "FP64", answers, r -> r.pValues().get(r.detector()));
        }
        put(outputs, "label", "INT32", answers, ScoreResponse::label);
        for (String name : first.scores().keySet()) {
            if (!name.equals(first.detector())) {
                put(outputs, "score_" + name, "FP64", answers, r -> r.scores().get(name));
                if (first.pValues().containsKey(name)) {
                    put(outputs, "p_value_" + name, "FP64", answers, r -> r.pValues().get(name));
                }
            }
        }
        List<Output> chosen = new ArrayList<>();
        for (String name : requested) {
            Output output = outputs.get(name);
            if (output == null) {
                throw ApiException.badRequest("unknown_output", "output " + name + " is not computed for this request;"
                        + " computed: " + outputs.keySet() + " (ask for more detectors with the detectors parameter)");
            }
            chosen.add(output);
        }
        return new V2Response(model, id, requested.isEmpty() ? List.copyOf(outputs.values()) : chosen);
    }

    private static void put(Map<String, Output> outputs, String name, String datatype, List<ScoreResponse> answers,
            Function<ScoreResponse, Object> column) {
        outputs.put(name, new Output(name, datatype, List.of(answers.size()), answers.stream().map(column).toList()));
    }
}
