package io.diffood.tools.eval;

import io.diffood.score.NoiseSeeds;

import java.util.Locale;
import java.util.Random;

/**
 * Where the noise seed of each scored image comes from in a tool run: the function's policies
 * ({@code diffood.ddp.noise}), made reproducible. Fixed: one seed for every image; keyed: the function's own keyed
 * hash of the image ({@link NoiseSeeds}) under a key that stays the same between runs; fresh: a new seed for every
 * image from a seeded generator (the function draws from SecureRandom; a run must be repeatable).
 */
public final class NoiseSource {

    /** The key of keyed noise when the configuration sets none: fixed, so that runs reproduce. */
    public static final String EVALUATION_KEY = "diffood-evaluation";

    private final NoiseSeeds.Policy policy;
    private final long fixedSeed;
    private final String key;
    private final boolean configuredKey;
    private final NoiseSeeds keyed;
    private final Random fresh;

    /**
     * @param key       the keyed policy's secret; null: {@link #EVALUATION_KEY}
     * @param freshSeed seed of the fresh policy's generator
     */
    public NoiseSource(NoiseSeeds.Policy policy, long fixedSeed, String key, long freshSeed) {
        this.policy = policy;
        this.fixedSeed = fixedSeed;
        this.configuredKey = key != null;
        this.key = key == null ? EVALUATION_KEY : key;
        this.keyed = new NoiseSeeds(NoiseSeeds.Policy.KEYED, fixedSeed, NoiseSeeds.key(this.key));
        this.fresh = new Random(freshSeed);
    }

    /** The same key and fixed seed under another policy; {@code freshSeed} seeds its fresh generator. */
    public NoiseSource with(NoiseSeeds.Policy other, long freshSeed) {
        return new NoiseSource(other, fixedSeed, configuredKey ? key : null, freshSeed);
    }

    public NoiseSeeds.Policy policy() {
        return policy;
    }

    /** The seed for one image in the models' input layout. */
    public synchronized long seedFor(float[] image) {
        return switch (policy) {
            case FIXED -> fixedSeed;
            case KEYED -> keyed.seedFor(image);
            case FRESH -> fresh.nextLong();
        };
    }

    public String name() {
        return policy.name().toLowerCase(Locale.ROOT);
    }

    /** For reports. */
    public String describe() {
        return switch (policy) {
            case FIXED -> "fixed: noise seed " + fixedSeed + " for every image";
            case KEYED -> "keyed: seed = keyed SHA-256 of the image's pixels, key "
                    + (configuredKey ? "diffood.ddp.noise-key" : "'" + EVALUATION_KEY + "' (no diffood.ddp.noise-key set)");
            case FRESH -> "fresh: a new seed for every image (from a seeded generator, so that the run reproduces)";
        };
    }
}
