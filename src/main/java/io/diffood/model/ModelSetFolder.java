package io.diffood.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A model set: one folder ({@code diffood.models.path}) holding {@code denoiser/}, {@code classifier/}, {@code ood/}
 * (the OOD bundle) and {@code examples/} (a few images for the web page). Its {@link #name()} is the folder's file
 * name ({@code demo}, {@code cifar10}): the name under which the function serves it. The denoiser, classifier and
 * bundle may each be moved elsewhere by their own path setting.
 */
public record ModelSetFolder(Path root, Optional<Path> denoiserOverride, Optional<Path> classifierOverride,
        Optional<Path> bundleOverride) {

    public static final String DENOISER = "denoiser";
    public static final String CLASSIFIER = "classifier";
    public static final String BUNDLE = "ood";
    public static final String EXAMPLES = "examples";

    public ModelSetFolder {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(denoiserOverride, "denoiserOverride");
        Objects.requireNonNull(classifierOverride, "classifierOverride");
        Objects.requireNonNull(bundleOverride, "bundleOverride");
    }

    /** A model set with every part in its own folder. */
    public static ModelSetFolder of(Path root) {
        return new ModelSetFolder(root, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The folder's file name, e.g. {@code demo} for models/demo. */
    public String name() {
        Path absolute = root.toAbsolutePath().normalize();
        return absolute.getFileName() == null ? absolute.toString() : absolute.getFileName().toString();
    }

    public Path denoiser() {
        return denoiserOverride.orElse(root.resolve(DENOISER));
    }

    public Path classifier() {
        return classifierOverride.orElse(root.resolve(CLASSIFIER));
    }

    /** The bundle's folder: its own setting, else {@code ood} beside the classifier's folder. */
    public Path bundle() {
        return bundleOverride.orElseGet(() -> classifier().toAbsolutePath().normalize().resolveSibling(BUNDLE));
    }

    public Path examples() {
        return root.resolve(EXAMPLES);
    }

    /**
     * Throws unless the model folders that come from the model set (not from their own setting) exist, naming the
     * missing folder and the setting that would point elsewhere. A missing bundle is no error: the function then
     * serves without one.
     */
    public void requireParts() {
        if (denoiserOverride.isEmpty() && classifierOverride.isEmpty() && !Files.isDirectory(root)) {
            throw new ModelLoadException("the model set folder " + root.toAbsolutePath() + " does not exist (set "
                    + "diffood.models.path to a folder with denoiser/, classifier/ and ood/)");
        }
        requirePart(DENOISER, denoiserOverride);
        requirePart(CLASSIFIER, classifierOverride);
    }

    private void requirePart(String part, Optional<Path> override) {
        Path dir = root.resolve(part);
        if (override.isEmpty() && !Files.isDirectory(dir)) {
            throw new ModelLoadException("the model set " + name() + " has no " + part + "/ folder: " + dir.toAbsolutePath()
                    + " is missing (put the " + part + "'s SavedModel there, or set diffood." + part + ".path to it)");
        }
    }
}
