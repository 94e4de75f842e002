package io.github.matrixbackprop.activation;

/**
 * {@code f(z) = max(0, z)}; {@code f'(z) = 1} for {@code z > 0}, else {@code 0}. At the kink
 * {@code z = 0} the subgradient {@code 0} is used, as PyTorch does.
 */
public record Relu() implements ElementwiseActivation {
    @Override public String name() { return "relu"; }
    @Override public double value(double z) { return z > 0 ? z : 0.0; }
    @Override public double derivative(double z, double a) { return z > 0 ? 1.0 : 0.0; }

    /** {@code f''(z)}. */
    @Override
    public double secondDerivative(double z, double a) {
        return 0.0;
    }
}
