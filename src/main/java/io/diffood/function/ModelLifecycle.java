package io.diffood.function;

import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.detect.BundleException;
import io.diffood.detect.BundleLoading;
import io.diffood.detect.DetectorSuite;
import io.diffood.detect.OodBundle;
import io.diffood.detect.StandardDetectors;
import io.diffood.model.ModelSet;
import io.diffood.model.ModelSetFolder;
import io.diffood.model.ModelSetSpec;
import io.diffood.score.DdpScorer;
import io.diffood.score.DdpSetup;
import io.diffood.score.MicroBatcher;
import io.diffood.score.vectorization.ReductionProvider;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Loads the models at start, warms them up, runs the micro-batcher over them, and closes both at shutdown. A
 * model that fails to load leaves the function unready with the reason, which readiness reports and every
 * score request returns as a 503.
 */
@ApplicationScoped
public class ModelLifecycle {

    private static final Logger LOG = Logger.getLogger(ModelLifecycle.class);

    @Inject
    DiffoodConfig config;

    @Inject
    ScoreMetrics metrics;

    private volatile ModelSetFolder modelSet;
    private volatile ModelSet models;
    private volatile DdpSetup setup;
    private volatile DetectorSuite detectors;
    private volatile Optional<OodBundle> bundle = Optional.empty();
    private volatile Optional<List<String>> classNames = Optional.empty();
    private volatile String bundleStatus = "not loaded";
    private volatile MicroBatcher batcher;
    private volatile String unavailableReason = "models are loading";

    /** Done when the models are ready or have failed; the shutdown waits for it before closing them. */
    private volatile CompletableFuture<Void> loading = CompletableFuture.completedFuture(null);

    /**
     * In the packaged function (started through {@code DiffoodMain}) the models are taken over, or loaded, on a thread
     * of their own, so that Quarkus opens the HTTP port meanwhile: a request before they are ready gets 503 "models
     * are loading", and readiness stays DOWN, which is what Knative's queue-proxy waits for. In tests they load here,
     * before the port opens.
     */
    void start(@Observes StartupEvent event) {
        if (EarlyStart.begun()) {
            CompletableFuture<Void> load = new CompletableFuture<>();
            loading = load;
            Thread thread = new Thread(() -> {
                try {
                    load();
                } finally {
                    load.complete(null);
                }
            }, "diffood-model-start");
            thread.setDaemon(true);
            thread.start();
        } else {
            load();
        }
    }

    private void load() {
        ModelSetFolder folder = modelSet();
        try {
            folder.requireParts();
            Path bundleDir = folder.bundle();
            boolean hasBundle = Files.isDirectory(bundleDir);
            ModelSetSpec spec = CoreSettings.models(config);
            ModelSet loaded = EarlyStart.models(spec); // loaded while Quarkus booted
            models = loaded;
            bundle = hasBundle
                    ? Optional.of(BundleLoading.requireFits(EarlyStart.bundle(bundleDir, spec), bundleDir, loaded))
                    : Optional.empty();
            EarlyStart.mark("bundle checked");
            bundleStatus = hasBundle ? bundleDir + " (" + bundle.get().statistics().bank().rows() + " bank images)"
                    : "none at " + bundleDir + " (diffood.bundle.path): only the DDP and the logit detectors, deciding "
                            + "with the DDP at diffood.ddp.threshold";
            classNames = ClassNames.of(folder.classifier(), loaded.classifier().numClasses(), bundle);
            detectors = StandardDetectors.suite(bundle, config.ddp().space(), ReductionProvider.get(),
                    config.decision().detector(), config.decision().falsePositiveRate(), config.ddp().threshold());
            EarlyStart.mark("detectors built");
            DdpSetup ddp = DdpSetup.of(CoreSettings.schedule(config), CoreSettings.ddp(config), loaded.nullClass());
            // No warm-up of the detectors here: it would run before "ready" exactly what the first request runs, so
            // the first answer would come later, not sooner (docs/benchmarks.md, "Sixth pass")
            DdpScorer scorer = ddp.scorer(loaded);
            metrics.watch(loaded);
            DiffoodConfig.Batch b = config.batch();
            batcher = new MicroBatcher(scorer::score, b.maxSize(), b.maxWait(), b.queueCapacity(), metrics::batchDone);
            setup = ddp;
            unavailableReason = null;
            LOG.infof("model set %s ready on %s: denoiser %s, classifier %s (%d classes), images %s; OOD bundle %s; "
                    + "decision by %s", folder.name(), loaded.device(), folder.denoiser(), folder.classifier(),
                    loaded.classifier().numClasses(), loaded.imageShape(), bundleStatus, detectors.decision());
            EarlyStart.mark("ready");
            LOG.info(EarlyStart.timeline());
        } catch (RuntimeException e) {
            if (e instanceof BundleException) {
                bundleStatus = "refused: " + e.getMessage();
            }
            unavailableReason = e.getMessage();
            LOG.errorf("models not ready: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        loading.join(); // never close the models under the thread that is loading or warming them
        if (batcher != null) {
            batcher.close();
        }
        if (models != null) {
            models.close();
        }
    }

    /** The served model set's folder and name, known from the settings before the models load. */
    public ModelSetFolder modelSet() {
        ModelSetFolder folder = modelSet;
        if (folder == null) {
            folder = CoreSettings.modelSet(config);
            modelSet = folder;
        }
        return folder;
    }

    /** The classifier's class names in label order, when its model card or the bundle gives them. */
    Optional<List<String>> classNames() {
        return classNames;
    }

    /** Null when ready, else why not. */
    public String unavailableReason() {
        return unavailableReason;
    }

    /** The loaded models; a 503 naming the reason when they are not ready. */
    ModelSet models() {
        requireReady();
        return models;
    }

    /** What the readiness check says of the OOD bundle. */
    public String bundleStatus() {
        return bundleStatus;
    }

    /** The detectors on offer; a 503 naming the reason when the models are not ready. */
    DetectorSuite detectors() {
        requireReady();
        return detectors;
    }

    Optional<OodBundle> bundle() {
        return bundle;
    }

    /** The DDP set-up; null before the models are loaded, when {@link #detectors()} already refuses. */
    DdpSetup setup() {
        return setup;
    }

    MicroBatcher batcher() {
        requireReady();
        return batcher;
    }

    private void requireReady() {
        String reason = unavailableReason;
        if (reason != null) {
            throw new ApiException(503, "model_unavailable", reason);
        }
    }
}
