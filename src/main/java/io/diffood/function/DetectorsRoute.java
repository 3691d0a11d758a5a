package io.diffood.function;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.detect.Detector;
import io.diffood.detect.DetectorSuite;
import io.diffood.detect.Histogram;
import io.diffood.score.DdpSettings;
import io.quarkus.vertx.web.Route;
import jakarta.inject.Inject;

import java.util.List;

/** {@code GET /detectors}: what a request may ask for, what each costs, and how the decision is made. */
public class DetectorsRoute {

    /** Validation-score histogram bins shown per calibrated detector. */
    private static final int BINS = 20;

    /** One detector; {@code denoiserEvaluations} per image at the configured DDP settings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Info(String name, boolean usesDenoiser, int denoiserEvaluations, boolean fitted, String description,
            Histogram validationHistogram) {
    }

    /** {@code modelSet}: the served model set's name (diffood.models.path's folder name). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String modelSet, List<Info> detectors, String decision, double falsePositiveRate,
            List<String> classNames) {
    }

    @Inject
    ModelLifecycle lifecycle;

    @Inject
    DiffoodConfig config;

    @Route(path = "/detectors", methods = Route.HttpMethod.GET, produces = "application/json")
    Answer detectors() {
        DetectorSuite suite = lifecycle.detectors();
        DdpSettings ddp = CoreSettings.ddp(config);
        List<Info> infos = suite.detectors().stream().map(d -> info(d, suite, ddp)).toList();
        return new Answer(lifecycle.modelSet().name(), infos, suite.decision(), suite.falsePositiveRate(),
                lifecycle.classNames().orElse(null));
    }

    private Info info(Detector d, DetectorSuite suite, DdpSettings ddp) {
        List<Integer> timesteps = d.timesteps(ddp.timesteps());
        int evaluations = lifecycle.setup().sampler().evaluations(timesteps, ddp.repeats());
        return new Info(d.name(), !timesteps.isEmpty(), evaluations, d.fitted(), d.description(),
                suite.calibration(d.name()).map(c -> c.histogram(BINS)).orElse(null));
    }
}
