package io.diffood.detect;

import io.diffood.model.ModelSet;
import io.diffood.model.ModelSetSpec;

import java.nio.file.Path;

/**
 * Reads an OOD bundle and checks that it belongs to the models: their checksums ({@link #read}, which needs only
 * the model files, so it can run while TensorFlow loads them), then feature size and classes ({@link #requireFits},
 * once they are loaded).
 */
public final class BundleLoading {

    private BundleLoading() {
    }

    public static OodBundle load(Path dir, ModelSetSpec spec, ModelSet models) {
        return requireFits(read(dir, spec), dir, models);
    }

    /** The verified bundle files, fitted for exactly the SavedModels {@code spec} names. */
    public static OodBundle read(Path dir, ModelSetSpec spec) {
        OodBundle bundle = OodBundleFiles.read(dir);
        bundle.requireModels(ModelHashes.of(spec.denoiser().location().path(), spec.classifier().location().path(),
                spec.classifier().signatureDescription()));
        return bundle;
    }

    public static OodBundle requireFits(OodBundle bundle, Path dir, ModelSet models) {
        int dim = bundle.statistics().bank().dim();
        if (dim != models.classifier().featureDim()) {
            throw new BundleException("the OOD bundle at " + dir + " has " + dim + "-D features, the classifier gives "
                    + models.classifier().featureDim());
        }
        int classes = bundle.statistics().mahalanobis().classes();
        if (classes != models.classifier().numClasses()) {
            throw new BundleException("the OOD bundle at " + dir + " has " + classes + " classes, the classifier "
                    + models.classifier().numClasses());
        }
        return bundle;
    }
}
