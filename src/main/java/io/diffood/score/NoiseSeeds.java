package io.diffood.score;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Where the DDP's noise comes from when a request names no seed. A fixed seed makes every answer reproducible but
 * gives a query-based attacker a deterministic target; fresh noise per request denies that target but answers the
 * same image differently each time; keyed seeds (a keyed hash of the image) answer the same image the same way and
 * give every different probe other noise. The key is the operator's secret.
 */
public final class NoiseSeeds {

    /** The {@code diffood.ddp.noise} setting. */
    public enum Policy {
        FIXED, KEYED, FRESH
    }

    private final Policy policy;
    private final long fixedSeed;
    private final byte[] key;
    private final SecureRandom fresh = new SecureRandom();

    public NoiseSeeds(Policy policy, long fixedSeed, byte[] key) {
        this.policy = policy;
        this.fixedSeed = fixedSeed;
        this.key = key.clone();
    }

    /** A key nobody else knows, for a process whose operator set none (answers then differ between processes). */
    public static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public static byte[] key(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    public Policy policy() {
        return policy;
    }

    /** The seed for an image in the models' input layout. */
    public long seedFor(float[] image) {
        return switch (policy) {
            case FIXED -> fixedSeed;
            case FRESH -> fresh.nextLong();
            case KEYED -> keyed(image);
        };
    }

    private long keyed(float[] image) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(key);
            ByteBuffer pixels = ByteBuffer.allocate(image.length * Float.BYTES);
            for (float v : image) {
                pixels.putFloat(v);
            }
            sha.update(pixels.array());
            sha.update(key); // key on both sides: a prefix-only key would allow length extension
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
