package io.diffood.function;

import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.detect.DetectorSuite;
import io.diffood.image.ImageConverter;
import io.diffood.image.ImageDecoder;
import io.diffood.image.Pixels;
import io.diffood.score.NoiseSeeds;
import io.diffood.score.ScoreSettings;
import io.diffood.score.SettingsPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns a request into a {@link PreparedImage}: refuses unknown fields and settings beyond the limits, decodes the
 * image (base64 PNG/JPEG, raw bytes or pixel values) and converts it to the models' input shape.
 */
@ApplicationScoped
public class RequestIntake {

    private final ModelLifecycle lifecycle;
    private final SettingsPolicy policy;
    private final NoiseSeeds noiseSeeds;
    private final ImageDecoder decoder;
    private final long maxPixels;

    @Inject
    RequestIntake(DiffoodConfig config, ModelLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.policy = CoreSettings.policy(config);
        this.noiseSeeds = CoreSettings.noiseSeeds(config);
        this.maxPixels = config.limits().maxPixels();
        this.decoder = new ImageDecoder(maxPixels);
    }

    PreparedImage prepare(ScoreRequest request) {
        if (!request.unknownFields.isEmpty()) {
            throw ApiException.badRequest("unknown_field", "unknown field(s) " + request.unknownFields
                    + "; known: " + ScoreRequest.KNOWN_FIELDS);
        }
        Work work = work(request, request.detectors == null ? List.of() : request.detectors,
                Boolean.TRUE.equals(request.explain));
        long start = System.nanoTime();
        Pixels pixels;
        if (request.image != null && request.pixels != null) {
            throw ApiException.badRequest("ambiguous_input", "give either image or pixels, not both");
        } else if (request.image != null) {
            pixels = decoder.decode(base64(request.image));
        } else if (request.pixels != null) {
            pixels = Pixels.of(request.pixels, request.shape, maxPixels);
        } else {
            throw ApiException.badRequest("missing_image", "the request has neither image (base64 PNG/JPEG) nor pixels");
        }
        return prepared(pixels, work, start);
    }

    /** Raw image bytes, scored with the configured settings; {@code explain} from the query string. */
    PreparedImage prepare(byte[] image, boolean explain) {
        long start = System.nanoTime();
        Work work = work(new ScoreRequest(), List.of(), explain);
        return prepared(decoder.decode(image), work, start);
    }

    /** What the pipeline runs for one request, and what it reports; {@code seeded}: the request named its seed. */
    private record Work(ScoreSettings settings, boolean seeded, List<String> detectors, List<Integer> ddpTimesteps,
            boolean explain) {
    }

    /**
     * The DDP settings the request asks for (checked against the limits), the detectors to report, and the
     * timesteps the pipeline must denoise from: those of the selected detectors, and the DDP's for an explanation.
     */
    private Work work(ScoreRequest request, List<String> requested, boolean explain) {
        DetectorSuite suite = lifecycle.detectors();
        ScoreSettings ddp = policy.resolve(request.seed, request.timesteps, request.repeats, request.sampleSteps);
        List<String> selected = suite.select(requested);
        List<Integer> needed = new ArrayList<>(suite.timesteps(selected, ddp.timesteps()));
        if (explain) {
            ddp.timesteps().stream().filter(t -> !needed.contains(t)).forEach(needed::add);
        }
        ScoreSettings settings = new ScoreSettings(needed, ddp.repeats(), ddp.seed(), explain, ddp.stride());
        policy.requireAffordable(settings, lifecycle.setup());
        return new Work(settings, request.seed != null, selected, ddp.timesteps(), explain);
    }

    private PreparedImage prepared(Pixels pixels, Work work, long start) {
        float[] input = ImageConverter.toModelInput(pixels, lifecycle.models().imageShape());
        ScoreSettings settings = work.seeded() ? work.settings() : work.settings().withSeed(noiseSeeds.seedFor(input));
        return new PreparedImage(input, settings, work.detectors(), work.ddpTimesteps(), work.explain(),
                (System.nanoTime() - start) / 1e6);
    }

    private static byte[] base64(String image) {
        String data = image.startsWith("data:") && image.contains(",") ? image.substring(image.indexOf(',') + 1) : image;
        try {
            return Base64.getDecoder().decode(data.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_base64", "image is not valid base64: " + e.getMessage());
        }
    }
}
