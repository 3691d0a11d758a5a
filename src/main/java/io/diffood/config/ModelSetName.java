package io.diffood.config;

import java.nio.file.Path;

/**
 * The name the served model set answers to in the KServe protocols (V1, V2): the name of the folder that holds the
 * classifier ({@code demo} for models/demo/classifier). The one place to change when the model set gets a setting
 * of its own.
 */
public final class ModelSetName {

    private ModelSetName() {
    }

    public static String of(DiffoodConfig config) {
        Path folder = config.classifier().path().toAbsolutePath().normalize().getParent();
        return folder == null || folder.getFileName() == null ? "diffood" : folder.getFileName().toString();
    }
}
