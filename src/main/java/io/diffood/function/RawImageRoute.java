package io.diffood.function;

import io.quarkus.vertx.web.Body;
import io.quarkus.vertx.web.Param;
import io.quarkus.vertx.web.Route;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;

/**
 * {@code curl --data-binary @shoe.png -H 'Content-Type: image/png' localhost:8080/score}. Funqy only reads
 * JSON, so image bodies on /score are routed here; {@code consumes} lets JSON and CloudEvents fall through.
 */
public class RawImageRoute {

    @Inject
    RequestIntake intake;

    @Inject
    BatchedScoring scoring;

    @Route(path = "/score", methods = Route.HttpMethod.POST,
            consumes = {"image/png", "image/jpeg", "application/octet-stream"}, produces = "application/json", order = 1)
    @Blocking
    ScoreResponse score(@Body Buffer body, @Param("explain") String explain) {
        return scoring.score(intake.prepare(body == null ? new byte[0] : body.getBytes(), "true".equals(explain)));
    }
}
