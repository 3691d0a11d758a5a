package io.diffood.function;

import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.model.ModelSet;
import io.diffood.score.DdpScorer;
import io.diffood.score.DdpSetup;
import io.diffood.score.MicroBatcher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

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

    private volatile ModelSet models;
    private volatile DdpSetup setup;
    private volatile MicroBatcher batcher;
    private volatile String unavailableReason = "models are loading";

    void start(@Observes StartupEvent event) {
        try {
            ModelSet loaded = EarlyStart.models(CoreSettings.models(config)); // loaded while Quarkus booted
            models = loaded;
            DdpSetup ddp = DdpSetup.of(CoreSettings.schedule(config), CoreSettings.ddp(config), loaded.nullClass());
            DdpScorer scorer = ddp.scorer(loaded);
            scorer.warmUp();
            metrics.watch(loaded);
            DiffoodConfig.Batch b = config.batch();
            batcher = new MicroBatcher(scorer::score, b.maxSize(), b.maxWait(), b.queueCapacity(), metrics::batchDone);
            setup = ddp;
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

    /** Null when ready, else why not. */
    public String unavailableReason() {
        return unavailableReason;
    }

    /** The loaded models; a 503 naming the reason when they are not ready. */
    ModelSet models() {
        requireReady();
        return models;
    }

    /** The DDP set-up, or null before the models are loaded. */
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
