package io.github.matrixbackprop.activation;

import io.github.matrixbackprop.util.Checks;

/**
 * {@code f(z) = z} for {@code z > 0}, else {@code slope * z}; {@code f'(z) = 1} or
 * {@code slope} (at {@code z = 0}: {@code slope}, as PyTorch). Any finite slope is
 * allowed, negative ones included; PyTorch's default is {@code 0.01}.
 *
 * @param slope the negative-side slope; finite
 */
public record LeakyRelu(double slope) implements ElementwiseActivation {

    /** PyTorch's default negative slope. */
    public static final double DEFAULT_SLOPE = 0.01;

    /**
     * Validates the slope.
     *
     * @param slope the slope for {@code z <= 0}; finite (negative allowed)
     */
    public LeakyRelu {
        Checks.finite(slope, "leaky_relu slope");
    }

    @Override
    public java.util.Map<String, Double> parameters() {
        return java.util.Map.of("slope", slope);
    }

    @Override public String name() { return "leaky_relu"; }
    @Override public double value(double z) { return z > 0 ? z : slope * z; }
    @Override public double derivative(double z, double a) { return z > 0 ? 1.0 : z <= 0 ? slope : Double.NaN; }

    /** {@code f''(z)}. */
    @Override
    public double secondDerivative(double z, double a) {
        return Double.isNaN(z) ? Double.NaN : 0.0;
    }
}
