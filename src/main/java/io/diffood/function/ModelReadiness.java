package io.diffood.function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once both models and the OOD bundle (if there is one) are loaded and a warm-up inference has run; otherwise
 * DOWN with the reason: the models or the bundle failed to load, the scoring worker stopped, or (from the SIGTERM
 * on) {@code shutting down}. The {@code bundle} detail says which bundle serves, or that there is none.
 */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    @Inject
    ModelLifecycle lifecycle;

    @Inject
    RequestGuard guard;

    @Override
    public HealthCheckResponse call() {
        String reason = guard.shuttingDown() ? "shutting down" : lifecycle.unavailableReason();
        if (reason == null) {
            reason = lifecycle.batcher().failure().orElse(null);
        }
        return HealthCheckResponse.named("models")
                .status(reason == null)
                .withData("reason", reason == null ? "ready" : reason)
                .withData("bundle", lifecycle.bundleStatus())
                .build();
    }
}
