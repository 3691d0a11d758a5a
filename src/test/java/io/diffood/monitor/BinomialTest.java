package io.diffood.monitor;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The log-space tails against the same sums in exact decimal arithmetic. */
class BinomialTest {

    @Test
    void tailsMatchExactArithmetic() {
        int[][] cases = {{0, 10}, {1, 10}, {3, 10}, {10, 10}, {25, 500}, {50, 500}, {80, 500}, {500, 500}, {40, 40}};
        for (int[] c : cases) {
            double expected = exactTail(c[0], c[1], "0.05");
            double actual = Binomial.upperTail(c[0], c[1], 0.05);
            assertEquals(expected, actual, expected * 1e-10, "P[X >= " + c[0] + " | " + c[1] + ", 0.05]");
        }
    }

    @Test
    void tailsFarBelowDoublePrecisionStayFiniteInLogSpace() {
        double[] logTail = Binomial.logUpperTails(2000, 0.05);
        // P[X = 2000] = 0.05^2000: ln = 2000 ln 0.05, far below the smallest double
        assertEquals(2000 * Math.log(0.05), logTail[2000], 1e-9);
        assertEquals(Double.NEGATIVE_INFINITY, logTail[2001]);
        assertEquals(0, logTail[0], 0);
    }

    @Test
    void outOfRangeCountsAreCertainOrImpossible() {
        assertEquals(1, Binomial.upperTail(-3, 10, 0.2), 0);
        assertEquals(0, Binomial.upperTail(11, 10, 0.2), 0);
        assertEquals(1, Binomial.upperTail(0, 0, 0.2), 0);
        assertThrows(IllegalArgumentException.class, () -> Binomial.upperTail(1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> Binomial.upperTail(1, 10, 1));
    }

    /** Σ_{i ≥ k} C(n, i) p^i (1 - p)^(n - i) with exact integers and decimals. */
    private static double exactTail(int k, int n, String probability) {
        BigDecimal p = new BigDecimal(probability);
        BigDecimal q = BigDecimal.ONE.subtract(p);
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = k; i <= n; i++) {
            sum = sum.add(new BigDecimal(choose(n, i)).multiply(p.pow(i)).multiply(q.pow(n - i)));
        }
        return sum.round(MathContext.DECIMAL64).doubleValue();
    }

    private static BigInteger choose(int n, int k) {
        BigInteger c = BigInteger.ONE;
        for (int i = 1; i <= k; i++) {
            c = c.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
        }
        return c;
    }
}
