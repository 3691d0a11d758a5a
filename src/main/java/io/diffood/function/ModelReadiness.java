package io.diffood.function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once both models and the OOD bundle (if there is one) are loaded and a warm-up inference has run; otherwise
 * DOWN with the reason. The {@code bundle} detail says which bundle serves, or that there is none.
 */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    @Inject
    ModelLifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
        String reason = lifecycle.unavailableReason();
        return HealthCheckResponse.named("models")
                .status(reason == null)
                .withData("reason", reason == null ? "ready" : reason)
                .withData("bundle", lifecycle.bundleStatus())
                .build();
    }
}
