package io.github.matrixbackprop.activation;

/**
 * {@code f(z) = z sigmoid(z)} (also called swish);
 * {@code f'(z) = sigmoid(z) (1 + z (1 - sigmoid(z)))}.
 */
public record Silu() implements ElementwiseActivation {
    @Override public String name() { return "silu"; }
    @Override public double value(double z) { return z * Sigmoid.sigmoid(z); }

    @Override
    public double derivative(double z, double a) {
        double s = Sigmoid.sigmoid(z);
        return s * (1.0 + z * (1.0 - s));
    }

    /** {@code f''(z)}. */
    @Override
    public double secondDerivative(double z, double a) {
        double s = Sigmoid.sigmoid(z);
        return s * (1.0 - s) * (2.0 + z * (1.0 - 2.0 * s));
    }
}
