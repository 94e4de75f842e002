package io.github.matrixbackprop.network;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * One layer {@code l}: the affine-linear potential {@code z^l = W^l a^{l-1} + b^l} and the
 * activation {@code a^l = f^l(z^l)}.
 *
 * <p>{@code W^l} is {@code n_l x n_{l-1}} (the orientation of math.md and of PyTorch's
 * {@code nn.Linear.weight}), {@code b^l} is {@code n_l x 1}. The shapes, the activation and the
 * {@linkplain #dropout() dropout rate} are fixed at construction; the parameter values are mutable
 * state that optimizers update in place through {@link #weights()} and {@link #bias()}.
 *
 * <p>Dropout: a layer with rate {@code p > 0} is a hidden layer whose output, in a training step
 * only, is {@code A^l = f^l(Z^l) ⊙ M^l / (1 - p)} with {@code M^l} a 0/1 mask that keeps each unit
 * with probability {@code 1 - p} (inverted dropout, see {@code backprop.DropoutMasks}). Prediction
 * and evaluation never drop: there {@code a^l = f^l(z^l)} whatever the rate.
 *
 * <p>Thread-safety: a layer may be read from several threads at once while nothing writes its
 * parameters; writes need external synchronisation.
 */
public final class Layer {

    private final DMatrixRMaj weights;
    private final DMatrixRMaj bias;
    private final Activation activation;
    private final double dropout;

    /**
     * Creates a layer without dropout from copies of {@code weights} and {@code bias}; the
     * arguments are not kept or modified.
     *
     * @param weights    {@code W}, {@code n_l x n_{l-1}}, both at least 1, finite
     * @param bias       {@code b}, {@code n_l x 1} (a {@code 1 x n_l} row is accepted too), finite
     * @param activation {@code f}
     * @throws IllegalArgumentException naming the bad shape or value
     */
    public Layer(DMatrixRMaj weights, DMatrixRMaj bias, Activation activation) {
        this(weights, bias, activation, 0.0);
    }

    /**
     * Creates a layer from copies of {@code weights} and {@code bias} whose output is dropped at
     * rate {@code dropout} in training steps ({@code A^l = f^l(Z^l) ⊙ M^l / (1 - p)}); the
     * arguments are not kept or modified.
     *
     * @param weights    {@code W}, {@code n_l x n_{l-1}}, both at least 1, finite
     * @param bias       {@code b}, {@code n_l x 1} (a {@code 1 x n_l} row is accepted too), finite
     * @param activation {@code f}
     * @param dropout    the rate {@code p} in {@code [0, 1)}: the probability that a training step
     *                   drops a unit's output; 0 for none. A {@link Network} refuses a rate above 0
     *                   on its output layer.
     * @throws IllegalArgumentException naming the bad shape or value
     */
    public Layer(DMatrixRMaj weights, DMatrixRMaj bias, Activation activation, double dropout) {
        Checks.inRange(dropout, 0.0, 1.0, "dropout rate");
        Checks.nonEmpty(weights, "W");
        Checks.notNull(bias, "b");
        Checks.notNull(activation, "activation");
        boolean column = bias.numCols == 1 && bias.numRows == weights.numRows;
        boolean row = bias.numRows == 1 && bias.numCols == weights.numRows;
        if (!column && !row) {
            throw Checks.mismatch("", "W", weights, "b", bias, "b must be " + weights.numRows + "x1");
        }
        Checks.allFinite(weights, "W");
        Checks.allFinite(bias, "b");
        this.weights = weights.copy();
        this.bias = new DMatrixRMaj(weights.numRows, 1);
        System.arraycopy(bias.data, 0, this.bias.data, 0, weights.numRows);
        this.activation = activation;
        this.dropout = dropout;
    }

    /**
     * A layer with {@code W = 0} ({@code outputs x inputs}) and {@code b = 0}.
     *
     * @param inputs {@code n_{l-1}}; {@code > 0}
     * @param outputs {@code n_l}; {@code > 0}
     * @param activation {@code f^l}
     * @return the new layer
     */
    public static Layer zeros(int inputs, int outputs, Activation activation) {
        Checks.positive(inputs, "inputs (n_{l-1})");
        Checks.positive(outputs, "outputs (n_l)");
        return new Layer(new DMatrixRMaj(outputs, inputs), new DMatrixRMaj(outputs, 1), activation);
    }

    /**
     * A layer from plain arrays: {@code weights[r][c] = W_{rc}} ({@code n_l} rows of {@code n_{l-1}}
     * numbers), {@code bias} of length {@code n_l}.
     *
     * @param weights {@code W^l} row by row; copied
     * @param bias {@code b^l}; copied
     * @param activation {@code f^l}
     * @return the new layer
     */
    public static Layer of(double[][] weights, double[] bias, Activation activation) {
        DMatrixRMaj w = Checks.matrix(weights, "W");
        Checks.notNull(bias, "b");
        return new Layer(w, new DMatrixRMaj(bias.length, 1, true, bias), activation);
    }

    /**
     * {@code n_{l-1}}, the width of the input of this layer.
     *
     * @return {@code n_{l-1}}
     */
    public int inputs() {
        return weights.numCols;
    }

    /**
     * {@code n_l}, the width of this layer.
     *
     * @return {@code n_l}
     */
    public int outputs() {
        return weights.numRows;
    }

    /**
     * {@code W^l}, {@code n_l x n_{l-1}}: the live matrix (writes change the layer; do not reshape it).
     *
     * @return the weight matrix {@code W^l}
     */
    public DMatrixRMaj weights() {
        return weights;
    }

    /**
     * {@code b^l}, {@code n_l x 1}: the live vector (writes change the layer; do not reshape it).
     *
     * @return the bias vector {@code b^l}
     */
    public DMatrixRMaj bias() {
        return bias;
    }

    /**
     * {@code f^l}.
     *
     * @return the activation {@code f^l}
     */
    public Activation activation() {
        return activation;
    }

    /**
     * The dropout rate {@code p} of this layer's output in training steps, in {@code [0, 1)};
     * 0 (the default) means no dropout.
     *
     * @return the dropout rate {@code p}
     */
    public double dropout() {
        return dropout;
    }

    /**
     * A new layer with copies of this layer's parameters, the same activation, and dropout rate
     * {@code p}. This layer is unchanged.
     *
     * @param p the new dropout rate, in {@code [0, 1)}
     * @return the new layer
     * @throws IllegalArgumentException if {@code p} is not in {@code [0, 1)}
     */
    public Layer withDropout(double p) {
        return new Layer(weights, bias, activation, p);
    }

    /**
     * Number of parameters, {@code n_l n_{l-1} + n_l}.
     *
     * @return the number of weights and biases of this layer
     */
    public int parameterCount() {
        return weights.getNumElements() + bias.getNumElements();
    }

    /**
     * A deep copy (new parameter matrices, same activation and dropout rate).
     *
     * @return an independent layer with equal parameters
     */
    public Layer copy() {
        return new Layer(weights, bias, activation, dropout);
    }

    /**
     * Copies the parameter values of {@code other}, which must have the same shapes, into this layer.
     *
     * @param other the layer to copy from; not modified
     */
    public void setParameters(Layer other) {
        Checks.notNull(other, "source layer");
        Checks.shape(other.weights, outputs(), inputs(), "W of the source layer");
        weights.setTo(other.weights);
        bias.setTo(other.bias);
    }

    @Override
    public String toString() {
        return "Layer(" + inputs() + " -> " + outputs() + ", " + activation.name()
                + (dropout > 0 ? ", dropout " + dropout : "") + ")";
    }
}
