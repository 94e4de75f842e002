package io.github.matrixbackprop.activation;

import io.github.matrixbackprop.util.Checks;

/**
 * {@code f(z) = z} for {@code z > 0}, else {@code alpha (e^z - 1)};
 * {@code f'(z) = 1}, else {@code alpha e^z}.
 *
 * @param alpha the saturation value of the negative side; finite
 */
public record Elu(double alpha) implements ElementwiseActivation {

    /**
     * Validates alpha.
     *
     * @param alpha the saturation value of the negative side; finite
     */
    public Elu {
        Checks.finite(alpha, "elu alpha");
    }

    @Override
    public java.util.Map<String, Double> parameters() {
        return java.util.Map.of("alpha", alpha);
    }

    @Override public String name() { return "elu"; }
    @Override public double value(double z) { return z > 0 ? z : alpha * Math.expm1(z); }
    @Override public double derivative(double z, double a) { return z > 0 ? 1.0 : alpha * Math.exp(z); }

    /** {@code f''(z)}. */
    @Override
    public double secondDerivative(double z, double a) {
        return z > 0 ? 0.0 : alpha * Math.exp(z);
    }
}
