package io.diffood.function;

import io.diffood.api.ApiException;
import io.diffood.config.DiffoodConfig;
import io.diffood.diffusion.DdimSampler;
import io.diffood.image.ImageConverter;
import io.diffood.image.ImageDecoder;
import io.diffood.image.Pixels;
import io.diffood.model.ModelSet;
import io.diffood.score.DdpScorer;
import io.diffood.score.MicroBatcher;
import io.diffood.score.ScoreResult;
import io.diffood.score.DdpSetup;
import io.diffood.score.ScoreSettings;
import io.diffood.score.Space;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Owns the loaded models and turns requests into scores: it validates settings against the limits, decodes
 * and converts the image, and runs the DDP scorer. A model that fails to load leaves the service unready
 * with the reason, which readiness reports and every score request returns as a 503.
 */
@ApplicationScoped
public class ScoringService {

    private static final Logger LOG = Logger.getLogger(ScoringService.class);

    /** An image ready for the scorer, in the models' input shape, with its settings. */
    public record PreparedImage(float[] input, ScoreSettings settings, double decodeMs) {
    }

    @Inject
    DiffoodConfig config;

    @Inject
    ScoreMetrics metrics;

    private volatile ModelSet models;
    private volatile MicroBatcher batcher;
    private volatile String unavailableReason = "models are loading";
    private DdimSampler sampler;
    private ImageDecoder decoder;

    void start(@Observes StartupEvent event) {
        decoder = new ImageDecoder(config.limits().maxPixels());
        try {
            ModelSet loaded = ModelSet.load(config, Space.of(config.ddp().space()) == Space.FEATURES);
            DdpSetup setup = DdpSetup.from(config, loaded.nullClass());
            sampler = setup.sampler();
            DdpScorer scorer = setup.scorer(loaded);
            models = loaded;
            warmUp(scorer);
            DiffoodConfig.Batch b = config.batch();
            batcher = new MicroBatcher(scorer::score, b.maxSize(), b.maxWait(), b.queueCapacity(), metrics::batchDone);
            unavailableReason = null;
            LOG.infof("models ready on %s: denoiser %s, classifier %s (%d classes), images %s",
                    loaded.device(), config.denoiser().path(), config.classifier().path(),
                    loaded.classifier().numClasses(), loaded.imageShape());
        } catch (RuntimeException e) {
            unavailableReason = e.getMessage();
            LOG.errorf("models not ready: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (batcher != null) {
            batcher.close();
        }
        if (models != null) {
            models.close();
        }
    }

    /** One cheap pass through both models, so that the first user request does not pay for graph set-up. */
    private void warmUp(DdpScorer scorer) {
        float[] blank = new float[models.imageShape().size()];
        scorer.score(List.of(blank), List.of(new ScoreSettings(List.of(1), 1, 0)));
    }

    /** The loaded models, or null. */
    ModelSet models() {
        return models;
    }

    /** Null when ready, else why not. */
    public String unavailableReason() {
        return unavailableReason;
    }

    public PreparedImage prepare(ScoreRequest request) {
        if (!request.unknownFields.isEmpty()) {
            throw ApiException.badRequest("unknown_field", "unknown field(s) " + request.unknownFields
                    + "; known: image, pixels, shape, seed, timesteps, repeats");
        }
        ScoreSettings settings = settings(request.seed, request.timesteps, request.repeats);
        long start = System.nanoTime();
        Pixels pixels;
        if (request.image != null && request.pixels != null) {
            throw ApiException.badRequest("ambiguous_input", "give either image or pixels, not both");
        } else if (request.image != null) {
            pixels = decoder.decode(base64(request.image));
        } else if (request.pixels != null) {
            pixels = pixels(request.pixels, request.shape, config.limits().maxPixels());
        } else {
            throw ApiException.badRequest("missing_image", "the request has neither image (base64 PNG/JPEG) nor pixels");
        }
        return prepared(pixels, settings, start);
    }

    /** Raw image bytes, scored with the configured settings. */
    public PreparedImage prepare(byte[] image) {
        long start = System.nanoTime();
        return prepared(decoder.decode(image), settings(null, null, null), start);
    }

    private PreparedImage prepared(Pixels pixels, ScoreSettings settings, long start) {
        return new PreparedImage(ImageConverter.toModelInput(pixels, requireModels().imageShape()), settings,
                (System.nanoTime() - start) / 1e6);
    }

    /** Scores through the micro-batcher, waiting at most the request timeout. */
    public ScoreResponse score(PreparedImage image) {
        requireModels();
        long start = System.nanoTime();
        CompletableFuture<MicroBatcher.Scored> future;
        try {
            future = batcher.submit(image.input(), image.settings());
        } catch (RejectedExecutionException e) {
            throw new ApiException(503, "overloaded", e.getMessage() + "; retry later");
        }
        Duration timeout = config.limits().requestTimeout();
        try {
            MicroBatcher.Scored scored = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return response(scored, image, (System.nanoTime() - start) / 1e6);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new ApiException(503, "timeout", "not scored within " + timeout.toMillis()
                    + " ms (diffood.limits.request-timeout); the server is busy, retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "the server is shutting down");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RejectedExecutionException) {
                throw new ApiException(503, "overloaded", cause.getMessage());
            }
            LOG.errorf(cause, "scoring failed");
            throw new ApiException(500, "model_error", "the models failed on this image: " + cause.getMessage());
        }
    }

    private ScoreResponse response(MicroBatcher.Scored scored, PreparedImage image, double waitedMs) {
        ScoreResult r = scored.result();
        DdpScorer.Timings timings = scored.batch();
        double threshold = config.ddp().threshold();
        boolean ood = r.score() > threshold;
        metrics.scored(r.score(), ood);
        Map<String, Double> perTimestep = new LinkedHashMap<>();
        r.perTimestep().forEach((t, s) -> perTimestep.put(Integer.toString(t), s));
        Map<String, Double> baselines = new LinkedHashMap<>();
        baselines.put("msp", r.baselines().msp());
        baselines.put("maxLogit", r.baselines().maxLogit());
        baselines.put("energy", r.baselines().energy());
        Map<String, Double> timingsMs = new LinkedHashMap<>();
        timingsMs.put("decode", image.decodeMs());
        timingsMs.put("queue", scored.queueMs());
        timingsMs.put("denoiser", timings.denoiserMs());
        timingsMs.put("classifier", timings.classifierMs());
        timingsMs.put("batch", timings.totalMs());
        timingsMs.put("total", image.decodeMs() + waitedMs);
        return new ScoreResponse(r.score(), ood, threshold, r.label(), r.confidence(), perTimestep, baselines,
                r.seed(), image.settings().timesteps(), image.settings().repeats(), r.denoiserEvaluations(),
                timings.batchSize(), timingsMs);
    }

    private ModelSet requireModels() {
        String reason = unavailableReason;
        if (reason != null) {
            throw new ApiException(503, "model_unavailable", reason);
        }
        return models;
    }

    ScoreSettings settings(Long seed, List<Integer> timesteps, Integer repeats) {
        DiffoodConfig.Ddp ddp = config.ddp();
        DiffoodConfig.Limits limits = config.limits();
        List<Integer> ts = timesteps == null ? ddp.timesteps() : timesteps;
        int r = repeats == null ? ddp.repeats() : repeats;
        int steps = config.schedule().steps();
        if (ts.isEmpty() || ts.size() > limits.maxTimesteps()) {
            throw ApiException.badRequest("invalid_timesteps", "give 1 to " + limits.maxTimesteps()
                    + " timesteps (diffood.limits.max-timesteps), not " + ts.size());
        }
        for (Integer t : ts) {
            if (t == null || t <= 0 || t >= steps) {
                throw ApiException.badRequest("invalid_timesteps", "timestep " + t + " is outside (0, " + steps + ")");
            }
        }
        if (ts.stream().distinct().count() != ts.size()) {
            throw ApiException.badRequest("invalid_timesteps", "timesteps " + ts + " repeat a value");
        }
        if (r < 1 || r > limits.maxRepeats()) {
            throw ApiException.badRequest("invalid_repeats", "repeats must be 1 to " + limits.maxRepeats()
                    + " (diffood.limits.max-repeats), not " + r);
        }
        if (sampler != null) {
            long evaluations = 0;
            for (int t : ts) {
                evaluations += (long) r * sampler.evaluationsFrom(t);
            }
            if (evaluations > limits.maxDenoiserCalls()) {
                throw ApiException.badRequest("too_much_work", "these settings need " + evaluations
                        + " denoiser evaluations per image; the limit is " + limits.maxDenoiserCalls()
                        + " (diffood.limits.max-denoiser-calls)");
            }
        }
        return new ScoreSettings(ts, r, seed == null ? ddp.seed() : seed);
    }

    private static byte[] base64(String image) {
        String data = image.startsWith("data:") && image.contains(",") ? image.substring(image.indexOf(',') + 1) : image;
        try {
            return Base64.getDecoder().decode(data.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_base64", "image is not valid base64: " + e.getMessage());
        }
    }

    private static Pixels pixels(double[] values, int[] shape, long maxPixels) {
        if (shape == null || shape.length != 3 || shape[0] <= 0 || shape[1] <= 0 || shape[2] <= 0) {
            throw ApiException.badRequest("invalid_shape", "pixels need shape [H, W, C] with positive sizes");
        }
        if ((long) shape[0] * shape[1] > maxPixels) {
            throw new ApiException(413, "image_too_large", "shape " + shape[0] + "x" + shape[1]
                    + " is over the limit of " + maxPixels + " pixels (diffood.limits.max-pixels)");
        }
        long expected = (long) shape[0] * shape[1] * shape[2];
        if (expected != values.length) {
            throw ApiException.badRequest("invalid_shape", "shape " + shape[0] + "x" + shape[1] + "x" + shape[2]
                    + " needs " + expected + " values, pixels has " + values.length);
        }
        if (shape[2] > 4) {
            throw ApiException.badRequest("unsupported_channels", "pixels may have 1 to 4 channels, not " + shape[2]);
        }
        float[] data = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0 && v <= 1)) { // also false for NaN
                throw ApiException.badRequest("invalid_pixels", "pixel " + i + " is " + v
                        + "; values must be finite and in [0, 1] (divide 8-bit values by 255)");
            }
            data[i] = (float) v;
        }
        return new Pixels(shape[0], shape[1], shape[2], data);
    }
}
