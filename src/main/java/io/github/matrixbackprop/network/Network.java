package io.github.matrixbackprop.network;

import io.github.matrixbackprop.kernel.Kernels;
import io.github.matrixbackprop.kernel.MatrixKernel;
import io.github.matrixbackprop.kernel.RowOps;
import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A feed-forward network: the composition {@code a^L = f^L(W^L f^{L-1}(... f^1(W^1 x + b^1) ...) + b^L)}
 * of layers {@code l = 1..L}. Layers are numbered from 1 as in math.md.
 *
 * <p>The architecture (number of layers, widths, activations, dropout rates) is fixed at
 * construction and checked to chain: {@code W^l} must have {@code n_{l-1}} columns, and only
 * hidden layers may have a dropout rate above 0. The parameter values are the layers' mutable
 * state.
 *
 * <p>{@link #predict} and {@link #forward} compute {@code a^l = f^l(z^l)} in every layer: dropout
 * ({@link Layer#dropout()}) acts in training steps only, never here.
 *
 * <p>Data layout: {@link #predict} takes and returns one sample per <em>row</em>
 * ({@code m x n_0} in, {@code m x n_L} out), as Java and Python users expect; {@link #forward}
 * returns the math's one-sample-per-column matrices.
 *
 * <p>Thread-safety: {@link #predict} and {@link #forward} allocate their own buffers, so any
 * number of threads may call them at once while nothing modifies the parameters.
 */
public final class Network {

    private final List<Layer> layers;

    /**
     * Creates a network from these layers (first layer first). The list is copied; the layers
     * themselves are shared, not copied (use {@link #copy()} for an independent network).
     *
     * @param layers the layers, first layer first; not modified
     * @throws IllegalArgumentException if the list is empty, the widths do not chain (naming the
     *                                  layer and both shapes), or the output layer has a dropout
     *                                  rate above 0 (dropout is for hidden layers)
     */
    public Network(List<Layer> layers) {
        Checks.notNull(layers, "layers");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least 1 layer but got 0");
        }
        for (int i = 0; i < layers.size(); i++) {
            Checks.notNull(layers.get(i), "layer " + (i + 1));
        }
        for (int l = 2; l <= layers.size(); l++) {
            Layer prev = layers.get(l - 2);
            Layer cur = layers.get(l - 1);
            if (cur.inputs() != prev.outputs()) {
                throw new IllegalArgumentException("layer " + l + ": W is " + Checks.shape(cur.weights())
                        + " but a^" + (l - 1) + " has " + prev.outputs() + " rows (layer " + (l - 1)
                        + " has " + prev.outputs() + " units)");
            }
        }
        requireNoOutputDropout(layers.size(), layers.get(layers.size() - 1).dropout());
        this.layers = List.copyOf(layers);
    }

    /** Refuses a dropout rate above 0 on the output layer {@code L}. */
    static void requireNoOutputDropout(int depth, double rate) {
        if (rate > 0) {
            throw new IllegalArgumentException("layer " + depth + " is the output layer but has dropout rate " + rate
                    + "; dropout is for hidden layers only (the output layer's rate must be 0)");
        }
    }

    /**
     * A network of these layers, first layer first.
     *
     * @param layers the layers, first layer first
     * @return the network
     */
    public static Network of(Layer... layers) {
        Checks.notNull(layers, "layers");
        for (int i = 0; i < layers.length; i++) {
            Checks.notNull(layers[i], "layer " + (i + 1));
        }
        return new Network(List.of(layers));
    }

    /**
     * A builder for a network with {@code inputs} inputs ({@code n_0}); see {@link NetworkBuilder}.
     *
     * @param inputs the input width {@code n_0}; {@code > 0}
     * @return a new builder
     */
    public static NetworkBuilder builder(int inputs) {
        return new NetworkBuilder(inputs);
    }

    /**
     * {@code L}, the number of layers.
     *
     * @return the depth {@code L}
     */
    public int depth() {
        return layers.size();
    }

    /**
     * Layer {@code l}, for {@code l = 1..L}.
     *
     * @param l the layer number, {@code 1..L}
     * @return layer {@code l} (the live layer, not a copy)
     */
    public Layer layer(int l) {
        if (l < 1 || l > layers.size()) {
            throw new IllegalArgumentException("layer index l must be in 1.." + layers.size() + " but was " + l);
        }
        return layers.get(l - 1);
    }

    /**
     * The layers, first layer first (index 0 holds layer 1); unmodifiable.
     *
     * @return the layers as an unmodifiable list
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * {@code n_0}, the input width.
     *
     * @return the input width {@code n_0}
     */
    public int inputSize() {
        return layers.get(0).inputs();
    }

    /**
     * {@code n_L}, the output width.
     *
     * @return the output width {@code n_L}
     */
    public int outputSize() {
        return layers.get(layers.size() - 1).outputs();
    }

    /**
     * {@code n_l} for {@code l = 0..L}.
     *
     * @param l the layer number, {@code 0..L}
     * @return the width {@code n_l}
     */
    public int width(int l) {
        return l == 0 ? inputSize() : layer(l).outputs();
    }

    /**
     * Total number of parameters {@code sum_l (n_l n_{l-1} + n_l)}.
     *
     * @return the number of weights and biases
     */
    public int parameterCount() {
        int n = 0;
        for (Layer layer : layers) {
            n += layer.parameterCount();
        }
        return n;
    }

    /**
     * A deep copy: new parameter matrices with the same values.
     *
     * @return an independent network with equal parameters
     */
    public Network copy() {
        List<Layer> copies = new ArrayList<>(layers.size());
        for (Layer layer : layers) {
            copies.add(layer.copy());
        }
        return new Network(copies);
    }

    /**
     * Copies every parameter value of {@code other}, which must have the same architecture,
     * into this network.
     *
     * @param other the network to copy from; not modified
     */
    public void setParameters(Network other) {
        Checks.notNull(other, "source network");
        requireSameShape(other);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).setParameters(other.layers.get(i));
        }
    }

    /**
     * Throws unless {@code other} has the same depth and the same shape of {@code W^l} in every layer.
     *
     * @param other the network to compare with
     */
    public void requireSameShape(Network other) {
        Checks.notNull(other, "other network");
        if (other.depth() != depth()) {
            throw new IllegalArgumentException("networks differ in depth: " + depth() + " and " + other.depth());
        }
        for (int l = 1; l <= depth(); l++) {
            Layer a = layer(l);
            Layer b = other.layer(l);
            if (a.inputs() != b.inputs() || a.outputs() != b.outputs()) {
                throw new IllegalArgumentException("layer " + l + ": W is " + Checks.shape(a.weights())
                        + " here but " + Checks.shape(b.weights()) + " in the other network");
            }
        }
    }

    /**
     * Computes the outputs for a batch given one sample per row.
     *
     * @param x inputs, {@code m x n_0} (row per sample); not modified
     * @return a new {@code m x n_L} matrix, row {@code i} = {@code a^L} of sample {@code i}
     * @throws IllegalArgumentException if {@code x} does not have {@code n_0} columns or is empty
     */
    public DMatrixRMaj predict(DMatrixRMaj x) {
        return CommonOps_DDRM.transpose(forward(x).output(), null);
    }

    /**
     * Runs the forward pass on a batch given one sample per row and keeps every {@code Z^l} and
     * {@code A^l} (one sample per column). Uses the default matrix kernel.
     *
     * @param x inputs, {@code m x n_0} (row per sample); not modified
     * @return every {@code Z^l} and {@code A^l} of the batch, in new matrices
     */
    public ForwardPass forward(DMatrixRMaj x) {
        return forward(x, Kernels.defaultKernel());
    }

    /**
     * As {@link #forward(DMatrixRMaj)}, with the products computed by {@code kernel}.
     *
     * @param x inputs, {@code m x n_0} (row per sample); not modified
     * @param kernel computes the matrix products
     * @return every {@code Z^l} and {@code A^l} of the batch, in new matrices
     */
    public ForwardPass forward(DMatrixRMaj x, MatrixKernel kernel) {
        requireInput(x, "X");
        int m = x.numRows;
        List<DMatrixRMaj> as = new ArrayList<>(layers.size() + 1);
        List<DMatrixRMaj> zs = new ArrayList<>(layers.size());
        as.add(CommonOps_DDRM.transpose(x, null));
        for (Layer layer : layers) {
            DMatrixRMaj z = new DMatrixRMaj(layer.outputs(), m);
            kernel.mult(layer.weights(), as.get(as.size() - 1), z);
            RowOps.addToColumns(z, layer.bias());
            DMatrixRMaj a = new DMatrixRMaj(layer.outputs(), m);
            layer.activation().forward(z, a);
            zs.add(z);
            as.add(a);
        }
        return new ForwardPass(as, zs);
    }

    /**
     * Requires {@code x} to be a non-empty batch of inputs, one sample per row ({@code m x n_0}).
     *
     * @param role how the caller names {@code x} in messages, e.g. {@code "X"}
     * @param x the batch to check; not modified
     */
    public void requireInput(DMatrixRMaj x, String role) {
        Checks.notNull(x, role);
        if (x.numCols != inputSize()) {
            throw new IllegalArgumentException(role + " is " + Checks.shape(x) + " (one sample per row) but the"
                    + " network takes " + inputSize() + " inputs, so " + role + " must have " + inputSize()
                    + " columns");
        }
        if (x.numRows == 0) {
            throw new IllegalArgumentException(role + " is " + Checks.shape(x) + ": the batch is empty");
        }
    }

    /**
     * Requires {@code y} to hold one target row per sample of {@code x}: {@code m x n_L}.
     * Call after {@link #requireInput}.
     *
     * @param x the inputs, {@code m x n_0}
     * @param y the targets to check, {@code m x n_L}; not modified
     */
    public void requireTargets(DMatrixRMaj x, DMatrixRMaj y) {
        Checks.notNull(y, "Y");
        if (y.numRows != x.numRows || y.numCols != outputSize()) {
            throw new IllegalArgumentException("Y is " + Checks.shape(y) + " but X is " + Checks.shape(x)
                    + " and the network has " + outputSize() + " outputs, so Y must be "
                    + x.numRows + "x" + outputSize() + " (one sample per row)");
        }
    }

    /**
     * Checks per-sample weights {@code s} against the inputs {@code x}: one weight per sample
     * ({@code m x 1}), each finite and {@code >= 0}. Call after {@link #requireInput}.
     *
     * @param x the inputs, {@code m x n_0}
     * @param s the sample weights to check, {@code m x 1}; not modified
     * @throws NullPointerException if {@code s} is null
     * @throws IllegalArgumentException naming both shapes, or the row of a negative or non-finite weight
     */
    public void requireSampleWeights(DMatrixRMaj x, DMatrixRMaj s) {
        Checks.notNull(s, "sample weights s");
        if (s.numRows != x.numRows || s.numCols != 1) {
            throw new IllegalArgumentException("the sample weights s are " + Checks.shape(s) + " but X is "
                    + Checks.shape(x) + ", so s must be " + x.numRows + "x1 (one weight per sample, row)");
        }
        for (int i = 0; i < s.numRows; i++) {
            double v = s.data[i];
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("the sample weight of row " + i + " is " + v
                        + " but must be finite and >= 0");
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Network(").append(inputSize());
        for (Layer layer : layers) {
            sb.append(" -> ").append(layer.outputs()).append(' ').append(layer.activation().name());
            if (layer.dropout() > 0) {
                sb.append(" dropout ").append(layer.dropout());
            }
        }
        return sb.append(')').toString();
    }
}
