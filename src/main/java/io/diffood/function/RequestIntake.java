package io.diffood.function;

import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.image.ImageConverter;
import io.diffood.image.ImageDecoder;
import io.diffood.image.Pixels;
import io.diffood.score.ScoreSettings;
import io.diffood.score.SettingsPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Base64;

/**
 * Turns a request into a {@link PreparedImage}: refuses unknown fields and settings beyond the limits, decodes the
 * image (base64 PNG/JPEG, raw bytes or pixel values) and converts it to the models' input shape.
 */
@ApplicationScoped
public class RequestIntake {

    private final ModelLifecycle lifecycle;
    private final SettingsPolicy policy;
    private final ImageDecoder decoder;
    private final long maxPixels;

    @Inject
    RequestIntake(DiffoodConfig config, ModelLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.policy = CoreSettings.policy(config);
        this.maxPixels = config.limits().maxPixels();
        this.decoder = new ImageDecoder(maxPixels);
    }

    PreparedImage prepare(ScoreRequest request) {
        if (!request.unknownFields.isEmpty()) {
            throw ApiException.badRequest("unknown_field", "unknown field(s) " + request.unknownFields
                    + "; known: image, pixels, shape, seed, timesteps, repeats");
        }
        ScoreSettings settings = policy.resolve(request.seed, request.timesteps, request.repeats, lifecycle.setup());
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
        return prepared(pixels, settings, start);
    }

    /** Raw image bytes, scored with the configured settings. */
    PreparedImage prepare(byte[] image) {
        long start = System.nanoTime();
        ScoreSettings settings = policy.resolve(null, null, null, lifecycle.setup());
        return prepared(decoder.decode(image), settings, start);
    }

    private PreparedImage prepared(Pixels pixels, ScoreSettings settings, long start) {
        return new PreparedImage(ImageConverter.toModelInput(pixels, lifecycle.models().imageShape()), settings,
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
