package io.github.matrixbackprop.activation;

/** {@code f(z) = z}, {@code f'(z) = 1}. */
public record Identity() implements ElementwiseActivation {
    @Override public String name() { return "identity"; }
    @Override public double value(double z) { return z; }
    @Override public double derivative(double z, double a) { return 1.0; }

    /** {@code f''(z)}. */
    @Override
    public double secondDerivative(double z, double a) {
        return 0.0;
    }
}
