package io.github.matrixbackprop.activation;

/**
 * The logistic function {@code f(z) = 1 / (1 + e^{-z})}, {@code f'(z) = f(z) (1 - f(z))}.
 * Evaluated without overflow for any {@code z}.
 */
public record Sigmoid() implements ElementwiseActivation {
    @Override public String name() { return "sigmoid"; }

    @Override
    public double value(double z) {
        return sigmoid(z);
    }

    @Override
    public double derivative(double z, double a) {
        return a * (1.0 - a);
    }

    /** The logistic function, stable for large {@code |z|}. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** {@code f''(z)}. */
    @Override
    public double secondDerivative(double z, double a) {
        return a * (1.0 - a) * (1.0 - 2.0 * a);
    }
}
