package io.diffood.tools.fit;

import io.diffood.tools.DiffoodTools;
import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.detect.OodBundle;
import io.diffood.detect.OodBundleFiles;
import io.diffood.model.ImageShape;
import io.diffood.model.ModelSet;
import io.diffood.model.ModelSetSpec;
import io.diffood.score.DdpScorer;
import io.diffood.score.DdpSetup;
import io.diffood.config.StandaloneConfig;
import io.diffood.tools.ConfigOverrides;
import io.diffood.tools.data.DataException;
import io.diffood.tools.data.DataSplit;
import io.diffood.tools.data.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code fit}: the OOD bundle for the configured models, from in-distribution training and validation images. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fits the OOD bundle next to the models: the KNN feature bank, class means and shared precision, "
                + "the principal subspace, and every detector's scores on in-distribution validation images.",
                "Images come from --data, the source the models were trained on (class folders, a .tar.gz of them, or "
                + "IDX files), split as the classifier's model card records: the bank from the trained-on part, the "
                + "calibration from the held-out part. Or from an IDX pair (ranges of it), or from two folders with "
                + "one sub-folder per class. For the demo models: train 0..54999 as the bank, 55000..59999 as "
                + "validation (never the test set). Exit code 2: the data cannot be used (the message says why)."})
public final class FitCommand implements Callable<Integer> {

    private static final String FASHION = "/usr/share/datasets/fashion-mnist/";

    @Option(names = "--train-images", defaultValue = FASHION + "train-images-idx3-ubyte.gz",
            description = "IDX images of the bank and validation ranges (default: ${DEFAULT-VALUE})")
    Path idxImages;

    @Option(names = "--train-labels", defaultValue = FASHION + "train-labels-idx1-ubyte.gz",
            description = "their IDX labels (default: ${DEFAULT-VALUE})")
    Path idxLabels;

    @Option(names = "--bank-range", defaultValue = "0..54999", description = "IDX images of the bank (default: ${DEFAULT-VALUE})")
    String bankRange;

    @Option(names = "--validation-range", defaultValue = "55000..59999",
            description = "IDX images for calibration (default: ${DEFAULT-VALUE})")
    String validationRange;

    @Option(names = "--data", description = "the training source: the classifier's model card says how it was split")
    Path data;

    @Option(names = "--validation", description = "with --data: hold out this count or fraction (seeded by "
            + "--split-seed) instead of the model card's split, for a classifier trained elsewhere")
    String validationPart;

    @Option(names = "--split-seed", defaultValue = "1", description = "with --validation (default: ${DEFAULT-VALUE})")
    long splitSeed;

    @Option(names = "--train-dir", description = "instead of IDX: a folder with one sub-folder of PNG/JPEG per class")
    Path trainDir;

    @Option(names = "--validation-dir", description = "instead of IDX: validation images, one sub-folder per class")
    Path validationDir;

    @Option(names = "--class-names", split = ",", description = "class names in label order, for answers and the page")
    List<String> classNames;

    @Option(names = "--out", description = "bundle folder (default: diffood.bundle.path, i.e. ood/ beside the classifier)")
    Path out;

    @Option(names = "--k", defaultValue = "50", description = "KNN's k (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--denoised-timestep", defaultValue = "120",
            description = "start timestep of KNN on denoised images (default: ${DEFAULT-VALUE})")
    int denoisedTimestep;

    @Option(names = "--denoised-validation", defaultValue = "1000",
            description = "validation images scored by the denoiser-based detectors (default: ${DEFAULT-VALUE})")
    int denoisedValidation;

    @Option(names = "--thumbnails", defaultValue = "6000",
            description = "bank images kept as thumbnails for explanations (default: ${DEFAULT-VALUE})")
    int thumbnails;

    @Option(names = "--decision", defaultValue = "fusedFisher",
            description = "the decision detector, as chosen by `evaluate --split validation` (default: ${DEFAULT-VALUE})")
    String decision;

    @Option(names = "--batch", defaultValue = "8", description = "images per denoising batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Mixin
    ConfigOverrides overrides;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        DiffoodConfig config = StandaloneConfig.read(overrides.values());
        ModelSetSpec models = CoreSettings.models(config).withFeatures(true);
        Path dir = out != null ? out : CoreSettings.bundlePath(config);
        try (ModelSet loaded = ModelSet.load(models)) {
            ImageShape shape = loaded.imageShape();
            TrainingImages train;
            TrainingImages validation;
            if (data != null) {
                Optional<ClassifierCard> card = ClassifierCard.read(models.classifier().location().path());
                Dataset source = Dataset.read(data, shape, "train", card.map(ClassifierCard::classes).orElse(classNames));
                DataSplit split = split(card, source, loaded.classifier().numClasses());
                train = TrainingImages.of(source, split.trainingIndices(source.count()), "trained-on part");
                validation = TrainingImages.of(source, split.validationIndices(source.count()), "held-out part");
            } else {
                train = trainDir != null ? TrainingImages.fromFolder(trainDir, shape) : idx(bankRange, shape);
                validation = validationDir != null ? TrainingImages.fromFolder(validationDir, shape)
                        : idx(validationRange, shape);
            }
            DdpScorer scorer = DdpSetup.of(CoreSettings.schedule(config), CoreSettings.ddp(config), loaded.nullClass())
                    .scorer(loaded);
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("command", DiffoodTools.rerun(spec));
            if (classNames != null) {
                provenance.put("classNames", String.join(",", classNames));
            }
            BundleFitter.Options options = new BundleFitter.Options(k, denoisedTimestep, denoisedValidation, thumbnails,
                    decision, CoreSettings.ddp(config), batch, provenance);
            OodBundle bundle = new BundleFitter(loaded, models, scorer).fit(train, validation, options);
            OodBundleFiles.write(bundle, dir);
            System.err.printf("OOD bundle written to %s: %d bank images, decision by %s%n", dir.toAbsolutePath(),
                    bundle.statistics().bank().rows(), bundle.decisionDetector());
        }
        return 0;
    }

    /** The model card's split of the same source, or the one --validation asks for. */
    private DataSplit split(Optional<ClassifierCard> card, Dataset source, int classes) {
        if (source.classes().size() != classes) {
            throw new DataException(data + " has " + source.classes().size() + " classes but the classifier answers "
                    + classes);
        }
        if (validationPart != null) {
            return DataSplit.of(DataSplit.Rule.seeded, validationPart, source.count(), splitSeed);
        }
        ClassifierCard trained = card.orElseThrow(() -> new DataException("the classifier's model card records no"
                + " validation split: give --validation (a count or a fraction) to hold images out for calibration"));
        return trained.splitOf(source, ", or --validation");
    }

    private TrainingImages idx(String range, ImageShape shape) throws IOException {
        String[] ends = range.split("\\.\\.");
        if (ends.length != 2) {
            throw new ParameterException(spec.commandLine(), "a range is FIRST..LAST, not " + range);
        }
        return TrainingImages.fromIdx(idxImages, idxLabels, Integer.parseInt(ends[0].strip()),
                Integer.parseInt(ends[1].strip()) + 1, shape);
    }
}
