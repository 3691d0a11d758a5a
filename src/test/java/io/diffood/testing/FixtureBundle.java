package io.diffood.testing;

import io.diffood.detect.OodBundle;
import io.diffood.detect.OodBundleFiles;
import io.diffood.diffusion.ScheduleSettings;
import io.diffood.model.ClassifierSpec;
import io.diffood.model.DenoiserSpec;
import io.diffood.model.DeviceChoice;
import io.diffood.model.ModelSet;
import io.diffood.model.ModelSetSpec;
import io.diffood.score.DdpSettings;
import io.diffood.score.DdpSetup;
import io.diffood.score.Space;
import io.diffood.tools.fit.BundleFitter;
import io.diffood.tools.fit.TrainingImages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A real OOD bundle for the fixture models, fitted by the fit command's code: the in-distribution images are
 * mid-grey with mild seeded noise (values in [0.3, 0.7]), so that a black, white or high-contrast image is far from
 * them in every detector's eyes. Decision by KNN, as for the demo models.
 */
public final class FixtureBundle {

    public static final int BANK = 400;
    public static final int VALIDATION = 200;

    private FixtureBundle() {
    }

    public static OodBundle fit(Path models, Path out) {
        ModelSetSpec spec = new ModelSetSpec(DeviceChoice.CPU, DenoiserSpec.standard(models.resolve("denoiser")),
                ClassifierSpec.standard(models.resolve("classifier")), true);
        DdpSettings ddp = new DdpSettings(List.of(120, 480), 2, 50, 2.0, Space.LOGITS, 0);
        try (ModelSet loaded = ModelSet.load(spec)) {
            var scorer = DdpSetup.of(ScheduleSettings.DDPM_LINEAR, ddp, loaded.nullClass()).scorer(loaded);
            BundleFitter.Options options = new BundleFitter.Options(10, 40, VALIDATION, 50, "knn", ddp, 16,
                    Map.of("classNames", "zero,one,two,three,four,five,six,seven,eight,nine"));
            OodBundle bundle = new BundleFitter(loaded, spec, scorer).fit(greyImages(BANK, 1), greyImages(VALIDATION, 2),
                    options);
            OodBundleFiles.write(bundle, out);
            return bundle;
        }
    }

    /** In-distribution images of the fixture world. */
    public static TrainingImages greyImages(int n, long seed) {
        Random random = new Random(seed);
        List<float[]> images = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float[] image = new float[FixtureModels.SIZE * FixtureModels.SIZE];
            for (int p = 0; p < image.length; p++) {
                image[p] = 0.3f + 0.4f * random.nextFloat();
            }
            images.add(image);
            labels[i] = i % FixtureModels.CLASSES;
        }
        return new TrainingImages(images, labels, List.of(), "fixture grey images, seed " + seed);
    }
}
