package io.diffood.function;

import io.diffood.config.DiffoodConfig;
import io.diffood.config.CoreSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The model the KServe protocols (V1, V2) serve: the model set, under its name. */
@ApplicationScoped
public class ServedModel {

    private final String name;

    @Inject
    ServedModel(DiffoodConfig config) {
        this.name = CoreSettings.modelSet(config).name();
    }

    String name() {
        return name;
    }

    /** 404 for any other model name. */
    void require(String model) {
        if (!name.equals(model)) {
            throw new ApiException(404, "model_not_found", "model '" + model + "' is not served here; served: " + name);
        }
    }

    /** Paths of the KServe protocols, whose errors take their form ({@code {"error": text}}). */
    static boolean isProtocolPath(String path) {
        return path != null && (path.startsWith("/v1/") || path.equals("/v2") || path.startsWith("/v2/"));
    }
}
