package io.diffood.function;

import io.diffood.model.ModelClosedException;
import io.diffood.score.MicroBatcher;

import java.util.concurrent.RejectedExecutionException;

/** The 503 answers of a scorer that cannot take a request now, each with a code that says why. */
final class Refusals {

    private Refusals() {
    }

    /** New requests after SIGTERM: another instance should take them (Knative and the Broker retry a 503). */
    static ApiException shuttingDown() {
        return new ApiException(503, "shutting_down", "this instance is shutting down; retry later");
    }

    /**
     * A job the batcher did not take, or dropped: a full queue (overloaded), a shutdown (shutting_down), a scoring
     * worker that stopped (model_unavailable, with the reason readiness reports too).
     */
    static ApiException rejected(Throwable e) {
        if (e instanceof MicroBatcher.StoppedException stopped) {
            return stopped.shuttingDown() ? shuttingDown() : new ApiException(503, "model_unavailable", stopped.getMessage());
        }
        if (e instanceof ModelClosedException) {
            return shuttingDown();
        }
        if (e instanceof RejectedExecutionException) {
            return new ApiException(503, "overloaded", e.getMessage() + "; retry later");
        }
        throw new IllegalArgumentException("not a refusal: " + e, e);
    }

    static boolean isRefusal(Throwable e) {
        return e instanceof RejectedExecutionException || e instanceof ModelClosedException;
    }

    /** The caller closed the connection: nobody reads this answer, its work was abandoned. */
    static ApiException callerGone() {
        return new ApiException(503, "cancelled", "the caller closed the connection before the answer");
    }
}
