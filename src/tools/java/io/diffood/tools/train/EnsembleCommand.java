package io.diffood.tools.train;

import io.diffood.tools.DiffoodTools;
import io.diffood.tools.data.DataException;
import io.diffood.tools.fit.ClassifierCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ensemble}: one classifier folder out of several that {@code train} exported on the same split. */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = {"Exports one classifier SavedModel with model card that runs the given classifier folders side by"
                + " side on its input: logits averaged (as `accuracy --ensembles` scores them), features concatenated."
                + " It costs the members' passes together. The members must come from `train` on the same data and"
                + " split, given again here (--data, --validation, --split-seed) for the card's validation and test"
                + " accuracy, measured on the exported folder.",
                "Exit code 2: a member is not such a folder or was trained on other data (the message says why)."})
public final class EnsembleCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FOLDER", arity = "2..*", description = "classifier folders that `train` exported")
    List<Path> members = new ArrayList<>();

    @Mixin
    DataOptions source;

    @Option(names = "--out", required = true, description = "the ensemble's classifier folder")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<JsonNode> cards = new ArrayList<>();
        for (Path member : members) {
            Path card = member.resolve(ModelCard.FILE_NAME);
            if (!Files.isRegularFile(member.resolve("saved_model.pb")) || !Files.isRegularFile(card)) {
                throw new DataException(member + " is not a classifier folder that `train` exported: it needs"
                        + " saved_model.pb and " + ModelCard.FILE_NAME);
            }
            cards.add(new ObjectMapper().readTree(card.toFile()));
        }
        TrainingData data = source.read(ExportedModel.inputShape(members.get(0)));
        for (Path member : members) {
            // the same source (classes, SHA-256) as fit checks it, and the same split
            ClassifierCard card = ClassifierCard.read(member).orElseThrow(() -> new DataException(member
                    + "'s model card has no split: not a classifier folder that `train` exported"));
            if (!card.splitOf(data.all(), "").equals(data.split())) {
                throw new DataException(member + " was trained with another split (" + card.split() + ", here "
                        + data.split() + "): an ensemble's members and its validation part must share one split");
            }
        }
        Path partial = ModelTraining.partial(out);
        int featureDim = ClassifierEnsemble.export(members, partial);
        ModelCard card = describe(cards, featureDim);
        double test = Evaluation.recordAccuracies(card, partial, data);
        ModelTraining.finish(card.versions(), partial, out);
        System.err.printf("ensemble: test accuracy %.4f -> %s%n", test, out);
        return 0;
    }

    /** The first member's data, split and classes; the members' architectures, costs and accuracies. */
    private ModelCard describe(List<JsonNode> cards, int featureDim) {
        JsonNode first = cards.get(0);
        List<Map<String, Object>> described = new ArrayList<>();
        long parameters = 0;
        long flops = 0;
        List<String> architectures = new ArrayList<>();
        for (int i = 0; i < cards.size(); i++) {
            JsonNode card = cards.get(i);
            parameters += card.path("parameters").asLong();
            flops += card.path("forwardFlopsPerImage").asLong();
            architectures.add(card.path("architecture").asText());
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("model", members.get(i).toString());
            for (String key : List.of("architecture", "testTimeAugmentation", "augmentation", "validationAccuracy",
                    "testAccuracy", "command", "initialisedFrom")) {
                if (card.has(key)) {
                    member.put(key, card.get(key));
                }
            }
            described.add(member);
        }
        ModelCard card = new ModelCard().put("model", "classifier")
                .put("architecture", "ensemble of " + cards.size() + " classifiers on the same input, logits averaged,"
                        + " features concatenated: " + String.join(" | ", architectures))
                .put("classes", first.get("classes"))
                .put("parameters", parameters)
                // per image and pass, summed over the members; a flip-averaged member makes two passes
                .put("forwardFlopsPerImage", flops)
                .put("data", first.get("data"))
                .put("split", first.get("split"))
                .put("trainingImages", first.get("trainingImages"))
                .put("input", first.get("input"))
                .put("outputs", Map.of("logits", first.path("outputs").path("logits").asText(),
                        "features", "float32 (N," + featureDim + "), the members' features side by side, in the"
                                + " order of members"))
                .put("members", described)
                .put("command", DiffoodTools.rerun(spec));
        if (first.has("testTimeAugmentation")) {
            card.put("testTimeAugmentation", "each member's own (members)");
        }
        return card;
    }
}
