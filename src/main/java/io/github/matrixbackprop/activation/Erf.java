package io.github.matrixbackprop.activation;

/**
 * The error function and its complement to full double precision (the JDK has neither).
 *
 * <p>For {@code |x| < 2.5}: {@code erf(x) = (2/sqrt(pi)) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1))},
 * a series of positive terms (no cancellation). For {@code |x| >= 2.5}: the continued fraction
 * {@code erfc(x) = (e^{-x^2}/sqrt(pi)) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))},
 * evaluated with the modified Lentz method, which keeps the tiny tail values accurate.
 *
 * <p>Accuracy: {@code erf} within 2 ulp; {@code erfc} within a relative {@code 1e-14} for
 * {@code x >= 2.5} and an absolute {@code 4e-16} below (where it is {@code 1 - erf}).
 */
final class Erf {

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double INV_SQRT_PI = 0.5641895835477563;
    private static final double SWITCH = 2.5;

    private Erf() {
    }

    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < SWITCH) {
            return series(x);
        }
        double r = 1.0 - tail(ax);
        return x < 0 ? -r : r;
    }

    static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (Math.abs(x) < SWITCH) {
            return 1.0 - series(x);
        }
        return x > 0 ? tail(x) : 2.0 - tail(-x);
    }

    /** The series for erf, accurate for |x| < 2.5. */
    private static double series(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2.0 * x2 / (2 * n + 1);
            double next = sum + term;
            if (next == sum) {
                break;
            }
            sum = next;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** erfc(x) for x >= 2.5 by the continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + ...))). */
    private static double tail(double x) {
        if (x > 27.3) {
            return 0.0; // below the smallest subnormal
        }
        final double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0.0;
        for (int k = 1; k < 500; k++) {
            double ak = 0.5 * k;
            d = x + ak * d;
            if (d == 0.0) {
                d = tiny;
            }
            c = x + ak / c;
            if (c == 0.0) {
                c = tiny;
            }
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-17) {
                break;
            }
        }
        return INV_SQRT_PI * Math.exp(-x * x) / f;
    }
}
