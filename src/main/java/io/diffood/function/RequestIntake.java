package io.diffood.function;

import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.detect.DetectorSuite;
import io.diffood.image.ImageConverter;
import io.diffood.image.ImageDecoder;
import io.diffood.image.InvalidImageException;
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
 * Turns a request into {@link PreparedImage}s: refuses unknown fields, settings beyond the limits and too many images,
 * decodes each image (base64 PNG/JPEG, raw bytes or pixel values) and converts it to the models' input shape. Every
 * protocol (JSON, raw bytes, KServe V1 and V2, logged inference requests) comes in here.
 */
@ApplicationScoped
public class RequestIntake {

    private final ModelLifecycle lifecycle;
    private final SettingsPolicy policy;
    private final NoiseSeeds noiseSeeds;
    private final ImageDecoder decoder;
    private final long maxPixels;
    private final int maxImages;

    @Inject
    RequestIntake(DiffoodConfig config, ModelLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.policy = CoreSettings.policy(config);
        this.noiseSeeds = CoreSettings.noiseSeeds(config);
        this.maxPixels = config.limits().maxPixels();
        this.maxImages = config.request().maxImages();
        this.decoder = new ImageDecoder(maxPixels);
    }

    /** What a request asks for besides its images; null fields take the configured defaults. */
    record Options(List<String> detectors, boolean explain, Long seed, List<Integer> timesteps, Integer repeats,
            Integer sampleSteps) {

        static final Options DEFAULTS = new Options(List.of(), false, null, null, null, null);

        static Options of(ScoreRequest request) {
            return new Options(request.detectors == null ? List.of() : request.detectors,
                    Boolean.TRUE.equals(request.explain), request.seed, request.timesteps, request.repeats,
                    request.sampleSteps);
        }
    }

    /** One image of a request, not decoded yet. */
    sealed interface Source {
    }

    /** Base64 PNG or JPEG; a {@code data:image/...;base64,} prefix and line breaks are accepted. */
    record Base64Image(String text) implements Source {
    }

    /** Values in [0, 1], row-major HWC, with their shape [H, W, C]. */
    record PixelValues(double[] values, int[] shape) implements Source {
    }

    /** An image of a request: ready for the scorer, or refused with the reason. */
    record Intake(PreparedImage image, ApiException refusal) {
    }

    /** A JSON request of one image; a bad image refuses the request. */
    PreparedImage prepare(ScoreRequest request) {
        requireKnownFields(request);
        if (request.images != null) {
            throw ApiException.badRequest("ambiguous_input", "images is answered with results: send it alone");
        }
        Work work = work(Options.of(request));
        long start = System.nanoTime();
        return prepared(decode(single(request)), work, start);
    }

    /** A JSON request of several images ({@code images}): each image refused on its own. */
    List<Intake> prepareAll(ScoreRequest request) {
        requireKnownFields(request);
        if (request.image != null || request.pixels != null) {
            throw ApiException.badRequest("ambiguous_input", "give either images or one image (image or pixels)");
        }
        return prepareAll(request.images.stream().<Source>map(Base64Image::new).toList(), Options.of(request));
    }

    /**
     * Images with shared options: the options are checked once (a bad setting refuses the request), each image is
     * decoded on its own (a bad image is refused alone).
     */
    List<Intake> prepareAll(List<Source> images, Options options) {
        requireCount(images.size());
        Work work = work(options);
        List<Intake> intakes = new ArrayList<>(images.size());
        for (Source source : images) {
            long start = System.nanoTime();
            try {
                intakes.add(new Intake(prepared(decode(source), work, start), null));
            } catch (ApiException e) {
                intakes.add(new Intake(null, e));
            } catch (InvalidImageException e) {
                intakes.add(new Intake(null, ApiException.of(e)));
            }
        }
        return intakes;
    }

    /** Refuses a request of more images than diffood.request.max-images, before any is decoded. */
    void requireCount(int images) {
        if (images > maxImages) {
            throw new ApiException(413, "too_many_images", images + " images in one request; at most " + maxImages
                    + " (diffood.request.max-images)");
        }
        if (images == 0) {
            throw ApiException.badRequest("missing_image", "the request holds no image");
        }
    }

    /** Raw image bytes, scored with the configured settings; {@code explain} from the query string. */
    PreparedImage prepare(byte[] image, boolean explain) {
        long start = System.nanoTime();
        Work work = work(new Options(List.of(), explain, null, null, null, null));
        return prepared(decoder.decode(image), work, start);
    }

    private static void requireKnownFields(ScoreRequest request) {
        if (!request.unknownFields.isEmpty()) {
            throw ApiException.badRequest("unknown_field", "unknown field(s) " + request.unknownFields
                    + "; known: " + ScoreRequest.KNOWN_FIELDS);
        }
    }

    private static Source single(ScoreRequest request) {
        if (request.image != null && request.pixels != null) {
            throw ApiException.badRequest("ambiguous_input", "give either image or pixels, not both");
        } else if (request.image != null) {
            return new Base64Image(request.image);
        } else if (request.pixels != null) {
            return new PixelValues(request.pixels, request.shape);
        }
        throw ApiException.badRequest("missing_image", "the request has neither image (base64 PNG/JPEG) nor pixels");
    }

    private Pixels decode(Source source) {
        if (source instanceof Base64Image b) {
            return decoder.decode(base64(b.text()));
        }
        PixelValues p = (PixelValues) source;
        return Pixels.of(p.values(), p.shape(), maxPixels);
    }

    /** What the pipeline runs for one request, and what it reports; {@code seeded}: the request named its seed. */
    private record Work(ScoreSettings settings, boolean seeded, List<String> detectors, List<Integer> ddpTimesteps,
            boolean explain) {
    }

    /**
     * The DDP settings the request asks for (checked against the limits), the detectors to report, and the
     * timesteps the pipeline must denoise from: those of the selected detectors, and the DDP's for an explanation.
     */
    private Work work(Options options) {
        DetectorSuite suite = lifecycle.detectors();
        ScoreSettings ddp = policy.resolve(options.seed(), options.timesteps(), options.repeats(), options.sampleSteps());
        List<String> selected = suite.select(options.detectors());
        List<Integer> needed = new ArrayList<>(suite.timesteps(selected, ddp.timesteps()));
        if (options.explain()) {
            ddp.timesteps().stream().filter(t -> !needed.contains(t)).forEach(needed::add);
        }
        ScoreSettings settings = new ScoreSettings(needed, ddp.repeats(), ddp.seed(), options.explain(), ddp.stride());
        policy.requireAffordable(settings, lifecycle.setup());
        return new Work(settings, options.seed() != null, selected, ddp.timesteps(), options.explain());
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
