package io.github.matrixbackprop.activation;

/** {@code f(z) = tanh(z)} (to a few ulp, see {@code FastTanh}), {@code f'(z) = 1 - tanh(z)^2}. */
public record Tanh() implements ElementwiseActivation {
    @Override public String name() { return "tanh"; }
    @Override public double value(double z) { return FastTanh.tanh(z); }
    @Override public double derivative(double z, double a) { return 1.0 - a * a; }

    /** {@code f''(z)}. */
    @Override
    public double secondDerivative(double z, double a) {
        return -2.0 * a * (1.0 - a * a);
    }
}
