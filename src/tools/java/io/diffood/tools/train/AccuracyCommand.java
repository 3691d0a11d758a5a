package io.diffood.tools.train;

import io.diffood.tools.DiffoodTools;
import io.diffood.tools.data.DataException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code accuracy}: classifier exports compared on the validation part, alone and as snapshot ensembles. */
@Command(name = "accuracy", mixinStandardHelpOptions = true,
        description = {"Top-1 accuracy of classifier folders that `train` exported, each alone and, with --ensembles,"
                + " every combination of two or more averaging their logits, on the validation part of the training"
                + " data (split as `train` splits it: give the same --data, --validation and --split-seed), at the size"
                + " of the first classifier's input, and on the test images. Choose by the validation column; the test"
                + " column is only reported.",
                "Prints a Markdown table, or writes it with the command that made it to --out."})
public final class AccuracyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME=FOLDER", arity = "1..*",
            description = "classifier folders, each named for the table")
    Map<String, Path> classifiers = new LinkedHashMap<>();

    @Mixin
    DataOptions source;

    @Option(names = "--ensembles", description = "also every combination of two or more, logits averaged")
    boolean ensembles;

    @Option(names = "--out", description = "Markdown file for the table (default: standard output)")
    Path out;

    @Spec
    CommandSpec spec;

    /** 2^n - n - 1 ensembles: beyond this the table is no longer read. */
    private static final int ENSEMBLE_MEMBERS_LIMIT = 6;

    @Override
    public Integer call() throws IOException {
        if (ensembles && classifiers.size() > ENSEMBLE_MEMBERS_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--ensembles takes at most " + ENSEMBLE_MEMBERS_LIMIT
                    + " classifiers, not " + classifiers.size());
        }
        for (Map.Entry<String, Path> classifier : classifiers.entrySet()) {
            if (!Files.isRegularFile(classifier.getValue().resolve("saved_model.pb"))) {
                throw new DataException(classifier.getKey() + "=" + classifier.getValue()
                        + " is not a folder that `train` exported: it has no saved_model.pb");
            }
        }
        TrainingData split = source.read(ExportedModel.inputShape(classifiers.values().iterator().next()));
        List<String> names = new ArrayList<>(classifiers.keySet());
        List<float[]> validationLogits = new ArrayList<>();
        List<float[]> testLogits = new ArrayList<>();
        for (String name : names) {
            try (ExportedModel model = new ExportedModel(classifiers.get(name), split.all().shape())) {
                float[] validation = Evaluation.logits(model, split.validation());
                validationLogits.add(validation);
                // without --test-data the test images are the validation part: scored once
                testLogits.add(split.test() == split.validation() ? validation
                        : Evaluation.logits(model, split.test()));
            }
            int classes = validationLogits.get(validationLogits.size() - 1).length / split.validation().count();
            if (classes != split.all().classes().size()) {
                throw new DataException(name + " answers " + classes + " logits, the data has "
                        + split.all().classes().size() + " classes");
            }
            System.err.println("accuracy: scored " + name);
        }
        StringBuilder table = new StringBuilder("| classifier (logits averaged) | validation accuracy ("
                + split.validation().count() + " held out) | test accuracy (" + split.test().count() + ", "
                + split.testDescription() + ") |\n|---|---:|---:|\n");
        for (List<Integer> chosen : rows(names.size())) {
            table.append(String.format("| %s | %.4f | %.4f |%n",
                    String.join(" + ", chosen.stream().map(names::get).toList()),
                    Evaluation.accuracy(chosen.stream().map(validationLogits::get).toList(), split.validation()),
                    Evaluation.accuracy(chosen.stream().map(testLogits::get).toList(), split.test())));
        }
        if (out == null) {
            System.out.print(table);
        } else {
            String generated = Instant.now().truncatedTo(ChronoUnit.SECONDS) + " by\n\n```sh\n"
                    + DiffoodTools.rerun(spec) + "\n```\n\n";
            Files.writeString(out, "# Classifier accuracy on the validation part\n\nGenerated " + generated + table);
        }
        return 0;
    }

    /** Each classifier alone, then (with --ensembles) every combination of two or more, as index lists. */
    private List<List<Integer>> rows(int n) {
        List<List<Integer>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(List.of(i));
        }
        if (ensembles) {
            List<List<Integer>> combinations = new ArrayList<>();
            for (int members = 1; members < 1 << n; members++) {
                if (Integer.bitCount(members) > 1) {
                    List<Integer> chosen = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        if ((members & 1 << i) != 0) {
                            chosen.add(i);
                        }
                    }
                    combinations.add(chosen);
                }
            }
            combinations.sort(Comparator.comparingInt(List::size));
            rows.addAll(combinations);
        }
        return rows;
    }
}
