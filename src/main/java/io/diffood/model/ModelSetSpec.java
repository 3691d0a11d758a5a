package io.diffood.model;

/** Both models, where they run, and whether the classifier's features output is needed. */
public record ModelSetSpec(DeviceChoice device, DenoiserSpec denoiser, ClassifierSpec classifier, boolean needFeatures) {

    public ModelSetSpec withFeatures(boolean features) {
        return new ModelSetSpec(device, denoiser, classifier, needFeatures || features);
    }
}
