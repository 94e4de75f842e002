package io.github.matrixbackprop.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FastTanh against the JDK's correctly-rounded-within-1-ulp StrictMath.tanh. */
class FastTanhTest {

    private static double ulps(double x, double ref) {
        return Math.abs(x - ref) / Math.ulp(ref);
    }

    @Test
    void withinFourUlpOfStrictMathEverywhere() {
        SplittableRandom rnd = new SplittableRandom(1);
        double worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            // log-uniform magnitudes from 1e-12 to 40, both signs, so both branches and the switch are covered
            double z = Math.exp(-27.6 + 31.3 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
            worst = Math.max(worst, ulps(FastTanh.tanh(z), StrictMath.tanh(z)));
        }
        for (double z : new double[] {0.3, Math.nextDown(0.3), -0.3, 1e-300, 19.0, 400, -400}) {
            worst = Math.max(worst, ulps(FastTanh.tanh(z), StrictMath.tanh(z)));
        }
        System.out.printf("FastTanh: largest error %.2f ulp%n", worst);
        assertTrue(worst <= 4, "largest error " + worst + " ulp");
    }

    @Test
    void specialValues() {
        assertEquals(0.0, FastTanh.tanh(0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(FastTanh.tanh(-0.0)));
        assertEquals(1.0, FastTanh.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, FastTanh.tanh(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(FastTanh.tanh(Double.NaN)));
        assertEquals(Double.MIN_VALUE, FastTanh.tanh(Double.MIN_VALUE));
    }
}
