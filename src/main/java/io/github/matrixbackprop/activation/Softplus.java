package io.github.matrixbackprop.activation;

/**
 * {@code f(z) = log(1 + e^z)} (beta 1), evaluated as {@code max(z, 0) + log1p(e^{-|z|})}
 * so that it neither overflows nor loses precision; {@code f'(z) = sigmoid(z)}. Unlike
 * PyTorch, no linear threshold is used: the exact function is evaluated for every {@code z}.
 */
public record Softplus() implements ElementwiseActivation {
    @Override public String name() { return "softplus"; }

    @Override
    public double value(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    @Override
    public double derivative(double z, double a) {
        return Sigmoid.sigmoid(z);
    }

    /** {@code f''(z)}. */
    @Override
    public double secondDerivative(double z, double a) {
        double s = Sigmoid.sigmoid(z);
        return s * (1.0 - s);
    }
}
