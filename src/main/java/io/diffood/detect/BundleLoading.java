package io.diffood.detect;

import io.diffood.model.ModelSet;
import io.diffood.model.ModelSetSpec;

import java.nio.file.Path;

/** Reads an OOD bundle and checks that it belongs to the loaded models: their checksums, feature size and classes. */
public final class BundleLoading {

    private BundleLoading() {
    }

    public static OodBundle load(Path dir, ModelSetSpec spec, ModelSet models) {
        OodBundle bundle = OodBundleFiles.read(dir);
        bundle.requireModels(ModelHashes.of(spec.denoiser().location().path(), spec.classifier().location().path(),
                spec.classifier().signatureDescription()));
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
