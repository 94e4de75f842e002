package io.github.matrixbackprop.activation;

/**
 * {@code f(z) = max(0, z)}; {@code f'(z) = 1} for {@code z > 0}, else {@code 0}. At the kink
 * {@code z = 0} the subgradient {@code 0} is used, as PyTorch does. A NaN potential gives NaN in
 * {@code f}, {@code f'} and {@code f''} (as PyTorch's {@code relu}): a comparison alone would map it to 0.
 */
public record Relu() implements ElementwiseActivation {
    @Override public String name() { return "relu"; }
    @Override public double value(double z) { return z <= 0 ? 0.0 : z; } // NaN stays NaN
    @Override public double derivative(double z, double a) { return z > 0 ? 1.0 : z <= 0 ? 0.0 : Double.NaN; }

    /** {@code f''(z)}. */
    @Override
    public double secondDerivative(double z, double a) {
        return Double.isNaN(z) ? Double.NaN : 0.0;
    }
}
