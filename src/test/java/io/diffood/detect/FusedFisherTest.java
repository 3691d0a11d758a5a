package io.diffood.detect;

import io.diffood.score.Observation;
import io.diffood.score.Space;
import io.diffood.score.vectorization.ReductionProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fisher's fusion on hand-made observations: each part's p-value from its own calibration, a fooled part adds nothing. */
class FusedFisherTest {

    /** Validation scores 1..9 for both parts: p(s) = (1 + #{v >= s}) / 10. */
    private static final Calibration ONE_TO_NINE = Calibration.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

    /** maxLogit on the clean logits, and the DDP's logit change from t = 120 on the denoised copies. */
    private static final FusedFisher FISHER = new FusedFisher(List.of(LogitDetector.all(ReductionProvider.get()).get(1),
            new DenoisedShift(new DdpDetector(Space.LOGITS, ReductionProvider.get()), 120)),
            List.of(ONE_TO_NINE, ONE_TO_NINE));

    /** Clean logits with max -cleanMax (so maxLogit scores cleanMax); one copy from t = 120 with logits {@code copy}. */
    private static Observation observed(float cleanMax, float... copy) {
        float[] clean = {-cleanMax, -cleanMax - 1};
        return new Observation(clean, new float[0], 0, 0,
                Map.of(120, List.of(new Observation.Denoised(copy, new float[0], null))), 24);
    }

    @Test
    void theStatisticIsMinusTwiceTheSumOfTheLogPValues() {
        // maxLogit 9.5 is above every validation score: p = 1/10; the copy's logits point where the clean ones do: shift 0, p = 1
        Observation o = observed(9.5f, -9.5f, -10.5f);
        assertEquals(-2 * (Math.log(0.1) + Math.log(1.0)), FISHER.score(o, List.of()), 1e-9);
        assertEquals(List.of(120), FISHER.timesteps(List.of(480)), "the denoised part's timestep, whatever the DDP's");
    }

    @Test
    void aPartThatAnAttackerFoolsOnlyLosesItsOwnEvidence() {
        double both = FISHER.score(observed(9.5f, 9.5f, -10.5f), List.of());
        double cleanFooled = FISHER.score(observed(0.5f, 9.5f, -10.5f), List.of()); // maxLogit now in-distribution
        double neither = FISHER.score(observed(0.5f, -0.5f, -1.5f), List.of());
        assertTrue(both > cleanFooled && cleanFooled > neither, both + " > " + cleanFooled + " > " + neither);
        assertEquals(-2 * Math.log(0.1), both - cleanFooled, 1e-9, "exactly the fooled part's term is gone");
    }
}
