package io.github.matrixbackprop.backprop;

import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * The gradient of a batch cost {@code C} with respect to every parameter: for each layer
 * {@code l = 1..L}, {@code grad_{W^l} C} ({@code n_l x n_{l-1}}, the shape of {@code W^l}) and
 * {@code grad_{b^l} C} ({@code n_l x 1}).
 *
 * <p>Mutable: the engine overwrites it on every call it is passed to. Not thread-safe.
 */
public final class Gradients {

    private final DMatrixRMaj[] weights;
    private final DMatrixRMaj[] bias;

    private Gradients(DMatrixRMaj[] weights, DMatrixRMaj[] bias) {
        this.weights = weights;
        this.bias = bias;
    }

    /**
     * Zero gradients shaped like the parameters of {@code network}.
     *
     * @param network the network whose parameter shapes to copy
     * @return new zero gradients
     */
    public static Gradients zerosLike(Network network) {
        Checks.notNull(network, "network");
        int depth = network.depth();
        DMatrixRMaj[] w = new DMatrixRMaj[depth];
        DMatrixRMaj[] b = new DMatrixRMaj[depth];
        for (int l = 1; l <= depth; l++) {
            w[l - 1] = new DMatrixRMaj(network.layer(l).outputs(), network.layer(l).inputs());
            b[l - 1] = new DMatrixRMaj(network.layer(l).outputs(), 1);
        }
        return new Gradients(w, b);
    }

    /**
     * {@code L}, the number of layers.
     *
     * @return the depth {@code L}
     */
    public int depth() {
        return weights.length;
    }

    /**
     * {@code grad_{W^l} C} for {@code l = 1..L}: the live matrix.
     *
     * @param l the layer number, {@code 1..L}
     * @return {@code grad_{W^l} C}, {@code n_l x n_{l-1}}
     */
    public DMatrixRMaj weights(int l) {
        return weights[index(l)];
    }

    /**
     * {@code grad_{b^l} C} for {@code l = 1..L}: the live {@code n_l x 1} vector.
     *
     * @param l the layer number, {@code 1..L}
     * @return {@code grad_{b^l} C}, {@code n_l x 1}
     */
    public DMatrixRMaj bias(int l) {
        return bias[index(l)];
    }

    /**
     * A deep copy.
     *
     * @return independent gradients with equal values
     */
    public Gradients copy() {
        DMatrixRMaj[] w = new DMatrixRMaj[weights.length];
        DMatrixRMaj[] b = new DMatrixRMaj[bias.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights[i].copy();
            b[i] = bias[i].copy();
        }
        return new Gradients(w, b);
    }

    /** Sets every element to zero. */
    public void zero() {
        for (int i = 0; i < weights.length; i++) {
            weights[i].zero();
            bias[i].zero();
        }
    }

    /**
     * The Euclidean norm of all gradients together, {@code sqrt(sum ||grad_W||_F^2 + ||grad_b||^2)}.
     * When the plain sum of squares overflows although every element is finite (elements beyond
     * about {@code 1e154}), the norm is computed as {@code M sqrt(sum (x / M)^2)} with {@code M}
     * the largest magnitude, so that it is finite whenever the true norm is.
     *
     * @return the global norm; infinite or NaN only if an element is
     */
    public double norm() {
        double s = 0.0;
        for (int i = 0; i < weights.length; i++) {
            s += sumOfSquares(weights[i]) + sumOfSquares(bias[i]);
        }
        if (s != Double.POSITIVE_INFINITY) {
            return Math.sqrt(s);
        }
        double max = 0.0;
        for (int i = 0; i < weights.length; i++) {
            max = Math.max(max, Math.max(maxAbs(weights[i]), maxAbs(bias[i])));
        }
        if (!Double.isFinite(max)) {
            return max;
        }
        double scaled = 0.0;
        for (int i = 0; i < weights.length; i++) {
            scaled += sumOfSquares(weights[i], max) + sumOfSquares(bias[i], max);
        }
        return max * Math.sqrt(scaled);
    }

    private static double maxAbs(DMatrixRMaj m) {
        double max = 0.0;
        for (int i = 0; i < m.getNumElements(); i++) {
            double a = Math.abs(m.data[i]);
            max = a > max || Double.isNaN(a) ? a : max;
        }
        return max;
    }

    private static double sumOfSquares(DMatrixRMaj m, double divisor) {
        double s = 0.0;
        for (int i = 0; i < m.getNumElements(); i++) {
            double x = m.data[i] / divisor;
            s += x * x;
        }
        return s;
    }

    /**
     * Throws unless every gradient has the shape of the corresponding parameter of {@code network}.
     *
     * @param network the network whose parameter shapes are required
     */
    public void requireShapeOf(Network network) {
        if (network.depth() != depth()) {
            throw new IllegalArgumentException("the gradients have " + depth() + " layers but the network has "
                    + network.depth());
        }
        for (int l = 1; l <= depth(); l++) {
            DMatrixRMaj w = network.layer(l).weights();
            if (weights(l).numRows != w.numRows || weights(l).numCols != w.numCols) {
                throw Checks.mismatch("layer " + l + ": ", "grad_W", weights(l), "W", w, "they must match");
            }
            if (bias(l).numRows != w.numRows || bias(l).numCols != 1) {
                throw Checks.mismatch("layer " + l + ": ", "grad_b", bias(l), "W", w,
                        "grad_b must be " + w.numRows + "x1");
            }
        }
    }

    private static double sumOfSquares(DMatrixRMaj m) {
        double s = 0.0;
        for (int i = 0; i < m.getNumElements(); i++) {
            s += m.data[i] * m.data[i];
        }
        return s;
    }

    private int index(int l) {
        if (l < 1 || l > weights.length) {
            throw new IllegalArgumentException("layer index l must be in 1.." + weights.length + " but was " + l);
        }
        return l - 1;
    }
}
