package io.github.matrixbackprop.util;

import java.util.random.RandomGenerator;

/**
 * Standard normal draws by the Marsaglia polar method on {@link StrictMath}, using only
 * {@link RandomGenerator#nextDouble()}: with a generator whose algorithm is fixed (e.g.
 * {@link java.util.SplittableRandom}) the same seed gives the same numbers on every JDK 17+.
 * Not thread-safe (it keeps the second value of each pair).
 */
public final class Gaussian {

    private final RandomGenerator random;
    private double spare;
    private boolean hasSpare;

    /**
     * Draws from {@code random}.
     *
     * @param random the source of uniform numbers; used only through {@code nextDouble()}
     */
    public Gaussian(RandomGenerator random) {
        this.random = Checks.notNull(random, "random generator");
    }

    /**
     * The next standard normal number.
     *
     * @return a draw from the standard normal distribution
     */
    public double next() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spare = v * f;
        hasSpare = true;
        return u * f;
    }
}
