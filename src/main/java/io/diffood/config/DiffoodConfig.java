package io.diffood.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import io.diffood.diffusion.ScheduleSettings;
import io.diffood.model.DeviceChoice;
import io.diffood.model.GraphOptimizer;
import io.diffood.score.NoiseSeeds;
import io.diffood.score.Space;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every diffood setting, prefix {@code diffood}. The README's settings table documents each one. Only the edge
 * reads this mapping: {@link CoreSettings} turns it into the scoring core's records once.
 */
@ConfigMapping(prefix = "diffood")
public interface DiffoodConfig {

    /** cpu, gpu, or auto (gpu when TensorFlow sees one). */
    @WithDefault("auto")
    DeviceChoice device();

    /** Whether TensorFlow's graph optimizer rewrites the models' graphs: auto (on GPU only), on, off. */
    @WithName("graph-optimizer")
    @WithDefault("auto")
    GraphOptimizer graphOptimizer();

    Models models();

    Denoiser denoiser();

    Classifier classifier();

    Schedule schedule();

    Ddp ddp();

    Limits limits();

    Batch batch();

    Bundle bundle();

    Decision decision();

    Explain explain();

    Request request();

    /** What one request may carry. */
    interface Request {
        /** Images in one request (JSON images, a V2 batch, V1 instances, a logged inference request). */
        @WithName("max-images")
        @WithDefault("64")
        int maxImages();
    }

    /** The model set: one folder with denoiser/, classifier/, ood/ (the OOD bundle) and examples/. */
    interface Models {
        /** Its folder; its file name is the model set's name. Each part's own path setting overrides it. */
        @WithDefault("models/demo")
        Path path();
    }

    Monitor monitor();

    /** The OOD bundle: fitted feature detectors and every detector's validation scores, next to the models. */
    interface Bundle {
        /** Default: the folder {@code ood} beside the classifier's folder (models.path/ood unless the classifier moved). */
        Optional<Path> path();
    }

    interface Decision {
        /** The detector whose p-value decides; default: the one the bundle names, or ddp without a bundle. */
        Optional<String> detector();

        /** Target false-positive rate on in-distribution images: ood when the p-value is below it. */
        @WithName("false-positive-rate")
        @WithDefault("0.05")
        double falsePositiveRate();
    }

    interface Explain {
        /** Nearest bank images listed in an explanation. */
        @WithDefault("5")
        int neighbours();

        /** Explanations computed at once; beyond it, 503 with Retry-After. */
        @WithName("max-concurrent")
        @WithDefault("2")
        int maxConcurrent();
    }

    /** The OOD-rate alarm over the stream of answers (README: Watching the OOD rate). */
    interface Monitor {
        /** The window holds at most this many answers, the latest. */
        @WithName("window-size")
        @WithDefault("500")
        int windowSize();

        /** ... and none older than this. */
        @WithName("window-duration")
        @WithDefault("10m")
        Duration windowDuration();

        /** The alarm rises when the window's binomial p-value falls below this. */
        @WithName("alarm-p-value")
        @WithDefault("1e-6")
        double alarmPValue();

        /** The alarm clears when the window's p-value is back at or above this. */
        @WithName("clear-p-value")
        @WithDefault("0.05")
        double clearPValue();

        /** No alarm rises in a window of fewer answers. */
        @WithName("min-answers")
        @WithDefault("30")
        int minAnswers();

        /** A new alarm less than this after the last announced one is not announced (nor its clearing). */
        @WithDefault("5m")
        Duration cooldown();

        /** Where alarm events are posted; Knative's SinkBinding injects K_SINK. Unset: no events. */
        @WithDefault("${K_SINK:}")
        Optional<URI> sink();

        /** Tries per event, the first included; waits between them double from sink-backoff. */
        @WithName("sink-attempts")
        @WithDefault("4")
        int sinkAttempts();

        @WithName("sink-backoff")
        @WithDefault("500ms")
        Duration sinkBackoff();

        /** Time limit of one try (connection and answer). */
        @WithName("sink-timeout")
        @WithDefault("2s")
        Duration sinkTimeout();
    }

    Shutdown shutdown();

    Startup startup();

    /** Where a SavedModel is and which of its signatures to serve. */
    interface SavedModelLocation {
        /** The SavedModel directory (with saved_model.pb); default: the part's folder in diffood.models.path. */
        Optional<Path> path();

        @WithDefault("serving_default")
        String signature();

        /** MetaGraph tags, comma-separated. */
        @WithDefault("serve")
        String tags();
    }

    interface Denoiser extends SavedModelLocation {
        @WithName("input-x")
        @WithDefault("x")
        String inputX();

        @WithName("input-t")
        @WithDefault("t")
        String inputT();

        @WithName("input-y")
        @WithDefault("y")
        String inputY();

        @WithName("output-eps")
        @WithDefault("eps")
        String outputEps();
    }

    interface Classifier extends SavedModelLocation {
        @WithName("input-x")
        @WithDefault("x")
        String inputX();

        @WithName("output-logits")
        @WithDefault("logits")
        String outputLogits();

        @WithName("output-features")
        @WithDefault("features")
        String outputFeatures();
    }

    /** Unset values fall back to {@link ScheduleSettings#DDPM_LINEAR}, the demo denoiser's schedule. */
    interface Schedule {
        /** linear or cosine. */
        Optional<ScheduleSettings.Type> type();

        @WithName("beta-start")
        Optional<Double> betaStart();

        @WithName("beta-end")
        Optional<Double> betaEnd();

        /** T, the number of diffusion steps the denoiser was trained with. */
        Optional<Integer> steps();
    }

    interface Ddp {
        /** Chosen on the validation split for the demo models; the paper's reference is 120,240,360 with 4 repeats. */
        @WithDefault("120,480")
        List<Integer> timesteps();

        @WithDefault("2")
        int repeats();

        /**
         * DDIM stride is steps / sample-steps (1000 / 10 = 100: two steps from t = 120). With guidance 0, chosen on the
         * validation split against 50 steps and guidance 2 (docs/benchmarks.md, the default's cost): the same AUROC or
         * better, a sixth of the denoiser evaluations.
         */
        @WithName("sample-steps")
        @WithDefault("10")
        int sampleSteps();

        /**
         * Classifier-free guidance weight w: e = (1 + w) eps(x, t, y) - w eps(x, t, null); 0 (the default, chosen with
         * sample-steps) evaluates the conditional half only, eps(x, t, y).
         */
        @WithDefault("0")
        double guidance();

        /** logits or features. */
        @WithDefault("logits")
        Space space();

        /** Where the noise of a request without a seed comes from: fixed (diffood.ddp.seed), keyed or fresh. */
        @WithDefault("keyed")
        NoiseSeeds.Policy noise();

        /** The secret of keyed noise; unset: a random key per process (answers then differ between replicas). */
        @WithName("noise-key")
        Optional<String> noiseKey();

        /** The noise seed of the fixed policy. */
        @WithDefault("0")
        long seed();

        /** DDP score above which an image is OOD when the DDP decides without a bundle (no calibration). */
        @WithDefault("0.1")
        double threshold();
    }

    interface Limits {
        @WithName("max-repeats")
        @WithDefault("16")
        int maxRepeats();

        @WithName("max-timesteps")
        @WithDefault("8")
        int maxTimesteps();

        /** Upper bound of denoiser evaluations (per image, counting both guidance halves). */
        @WithName("max-denoiser-calls")
        @WithDefault("4096")
        int maxDenoiserCalls();

        /** Decoded images above this many pixels are refused before their pixels are allocated. */
        @WithName("max-pixels")
        @WithDefault("4194304")
        long maxPixels();

        /** A request not scored within this time gets a 503 (and its queued work is dropped). */
        @WithName("request-timeout")
        @WithDefault("30s")
        Duration requestTimeout();
    }

    interface Batch {
        /** Images scored together in one model batch. */
        @WithName("max-size")
        @WithDefault("8")
        int maxSize();

        /** How long the first image of a batch waits for company. */
        @WithName("max-wait")
        @WithDefault("5ms")
        Duration maxWait();

        /** Requests admitted at once (being decoded, queued or scored); beyond it, 503 with Retry-After. */
        @WithName("queue-capacity")
        @WithDefault("64")
        int queueCapacity();
    }

    /** SIGTERM: readiness DOWN and new requests refused at once, the accepted ones answered, then the models close. */
    interface Shutdown {
        /**
         * How long requests accepted before the SIGTERM may take to be scored and answered; at least the request
         * timeout, so that each of them gets its score or its own timeout. Knative's grace period (the revision's
         * timeoutSeconds) must exceed it.
         */
        @WithName("drain-timeout")
        @WithDefault("35s")
        Duration drainTimeout();
    }

    interface Startup {
        /**
         * Load TensorFlow, the models and a warm-up in the background from the first moment of the process, in
         * parallel with Quarkus' boot; false loads them after the boot, at the start-up event.
         */
        @WithDefault("true")
        boolean early();
    }
}
