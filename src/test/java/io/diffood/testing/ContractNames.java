package io.diffood.testing;

import io.diffood.config.DiffoodConfig;

import java.nio.file.Path;

/** The default model-contract names, for loading models outside Quarkus. */
public final class ContractNames {

    private ContractNames() {
    }

    public static DiffoodConfig.Denoiser denoiser(Path path) {
        return new DiffoodConfig.Denoiser() {
            public Path path() { return path; }
            public String signature() { return "serving_default"; }
            public String tags() { return "serve"; }
            public String inputX() { return "x"; }
            public String inputT() { return "t"; }
            public String inputY() { return "y"; }
            public String outputEps() { return "eps"; }
        };
    }

    public static DiffoodConfig.Classifier classifier(Path path) {
        return new DiffoodConfig.Classifier() {
            public Path path() { return path; }
            public String signature() { return "serving_default"; }
            public String tags() { return "serve"; }
            public String inputX() { return "x"; }
            public String outputLogits() { return "logits"; }
            public String outputFeatures() { return "features"; }
        };
    }
}
