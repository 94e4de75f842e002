package io.github.matrixbackprop.activation;

/**
 * The exact Gaussian error linear unit {@code f(z) = z Phi(z)}, with {@code Phi} the
 * standard normal CDF {@code Phi(z) = erfc(-z / sqrt 2) / 2}; {@code f'(z) = Phi(z) + z phi(z)}
 * with {@code phi} the standard normal density. (Not the tanh approximation.)
 */
public record Gelu() implements ElementwiseActivation {

    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    @Override public String name() { return "gelu"; }

    @Override
    public double value(double z) {
        return z * cdf(z);
    }

    @Override
    public double derivative(double z, double a) {
        return cdf(z) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }

    /** The standard normal CDF. */
    static double cdf(double z) {
        return 0.5 * Erf.erfc(-z * INV_SQRT2);
    }

    /** {@code f''(z)}. */
    @Override
    public double secondDerivative(double z, double a) {
        return INV_SQRT_2PI * Math.exp(-0.5 * z * z) * (2.0 - z * z);
    }
}
