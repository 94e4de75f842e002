package io.github.matrixbackprop.backprop;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.kernel.Kernels;
import io.github.matrixbackprop.kernel.MatrixKernel;
import io.github.matrixbackprop.kernel.RowOps;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The backpropagation engine: for a network, a batch and a loss it computes the batch cost
 * {@code C = (1/m) sum_i c(a_i^L, y_i)} and its gradient with respect to every {@code W^l} and
 * {@code b^l} by the inductive delta recursion of math.md:
 *
 * <ol>
 *   <li>forward, {@code l = 1..L}: {@code Z^l = W^l A^{l-1} + b^l 1_m^T}, {@code A^l = f^l(Z^l)};</li>
 *   <li>(E1) {@code Delta^L = (1/m) [J_{f^L}(z_i^L)^T grad_a c(a_i^L, y_i)]_i} (fused per loss; with
 *   sample or class weights column {@code i} is scaled by {@code s_i / N} instead of {@code 1/m}, see below);</li>
 *   <li>(E2) {@code l = L-1..1}: {@code Delta^l = J_{f^l}(Z^l)^T ((W^{l+1})^T Delta^{l+1})}, column by
 * column;</li>
 *   <li>(E3b) {@code grad_{W^l} C = Delta^l (A^{l-1})^T}; (E4b) {@code grad_{b^l} C = Delta^l 1_m}.</li>
 * </ol>
 *
 * <p>Dropout: only {@link #compute(DMatrixRMaj, DMatrixRMaj, Gradients, DropoutMasks)} drops
 * units. With the masks {@code D^l = M^l / (1 - p^l)} of the layers that have a dropout rate
 * ({@link DropoutMasks}), the forward pass becomes {@code A^l = f^l(Z^l) ⊙ D^l}; the mask is a
 * diagonal factor of the layer's Jacobian, {@code dA^l/dZ^l = diag(D^l) J_{f^l}(Z^l)} column by
 * column, so (E2) becomes {@code Delta^l = J_{f^l}(Z^l)^T (D^l ⊙ (W^{l+1})^T Delta^{l+1})} and (E3b)
 * uses the dropped {@code A^{l-1}}. Every other method computes the network without dropout, as
 * prediction does.
 *
 * <p>Three matrix products per layer, all through the {@link MatrixKernel}; {@code (W^1)^T Delta^1}
 * is never formed, and neither is {@code A^0 = X^T}: layer 1 uses {@code X} directly, as
 * {@code Z^1 = W^1 X^T} and {@code grad_{W^1} C = Delta^1 X}. The engine keeps its workspaces (every {@code
 * Z^l}, {@code A^l},
 * {@code Delta^l}) between calls: after the first call with a given batch size, a call with a
 * batch of that size or smaller allocates nothing.
 *
 * <p><b>Weights.</b> With per-sample weights {@code s_i >= 0}
 * ({@link #compute(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)}) and a loss with per-sample terms
 * {@code l_i} and normalising weights {@code rho_i} (see {@link Loss}: {@code l_i = c_i},
 * {@code rho_i = 1} unless the loss has class weights), the batch cost is
 * {@code C = sum_i s_i l_i / N} with {@code N = sum_i s_i rho_i}, and (E1) becomes
 * {@code Delta^L_i = (s_i / N) J_{f^L}(z_i^L)^T grad_a l_i}; (E2)-(E4b) are unchanged (docs/math.md,
 * "Weighted costs and loss options"). Sample and class weights multiply: {@code N = sum_i s_i w_{y_i}},
 * and without label smoothing {@code C = sum_i s_i w_{y_i} c_i / N}. Without sample
 * weights the engine runs exactly as before ({@code s_i = 1}); with weights that are all 1 it
 * gives the same numbers bit for bit. A batch whose weights are all 0 has {@code C = 0} and a zero
 * gradient.
 *
 * <p>The engine is bound to one network and one loss; it reads the network's parameters at each
 * call, so an optimizer may update them in place between calls. It never modifies the network,
 * the inputs or the targets. Not thread-safe (it owns mutable workspaces): use one engine per
 * thread.
 */
public final class Backprop {

    private final Network network;
    private final Loss loss;
    private final MatrixKernel kernel;
    private final Workspace work;
    private final Gradients gradients;
    /** The batch of the last forward pass, {@code X = (A^0)^T}: read, never written. */
    private DMatrixRMaj input;
    /** {@code N = sum_i s_i rho_i} of the last call. */
    private double normaliser = Double.NaN;
    /** Records the steps of the current call, or null (the usual case: nothing is recorded). */
    private Trace trace;
    /** The dropout masks of the current call, or null (no dropout: every call but a training step). */
    private DropoutMasks masks;
    /** Whether the last forward pass dropped units (had masks). */
    private boolean dropping;

    /**
     * An engine for {@code network} and {@code loss} on the fastest kernel, with as many threads
     * as there are processors.
     *
     * @param network the network; its parameters are read at every call, never modified
     * @param loss the loss {@code c}
     */
    public Backprop(Network network, Loss loss) {
        this(network, loss, Kernels.defaultKernel());
    }

    /**
     * An engine for {@code network} and {@code loss} whose matrix products use {@code threads}
     * threads. The results are bit-identical for every thread count.
     *
     * @param network the network; its parameters are read at every call, never modified
     * @param loss the loss {@code c}
     * @param threads the number of threads for the matrix products, {@code > 0}
     */
    public Backprop(Network network, Loss loss, int threads) {
        this(network, loss, Kernels.withThreads(threads));
    }

    /**
     * An engine for {@code network} and {@code loss} whose products run on {@code kernel}.
     *
     * @param network the network; its parameters are read at every call, never modified
     * @param loss the loss {@code c}
     * @param kernel computes the matrix products
     * @throws IllegalArgumentException if the loss is not defined for the output activation
     *                                  (e.g. softmax cross-entropy without a softmax output)
     */
    public Backprop(Network network, Loss loss, MatrixKernel kernel) {
        this.network = Checks.notNull(network, "network");
        this.loss = Checks.notNull(loss, "loss");
        this.kernel = Checks.notNull(kernel, "kernel");
        loss.checkOutputActivation(network.layer(network.depth()).activation());
        this.work = new Workspace(network);
        this.gradients = Gradients.zerosLike(network);
    }

    /**
     * The network whose gradients this engine computes.
     *
     * @return the network
     */
    public Network network() {
        return network;
    }

    /**
     * The loss.
     *
     * @return the loss
     */
    public Loss loss() {
        return loss;
    }

    /**
     * The matrix kernel.
     *
     * @return the kernel that computes the products
     */
    public MatrixKernel kernel() {
        return kernel;
    }

    /**
     * The engine's own gradients, overwritten by every {@link #compute(DMatrixRMaj, DMatrixRMaj)}
     * call (use {@link Gradients#copy()} to keep them).
     *
     * @return the gradients of the last call
     */
    public Gradients gradients() {
        return gradients;
    }

    /**
     * The output {@code A^L} of the last call, {@code n_L x m}, one sample per <em>column</em>:
     * the engine's live workspace, overwritten by the next call; do not modify it.
     *
     * @return {@code A^L} of the last call
     */
    public DMatrixRMaj output() {
        return work.a[network.depth()];
    }

    /**
     * Runs forward, (E1), (E2), (E3b) and (E4b) on a batch and stores the gradient in
     * {@link #gradients()}.
     *
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @return the batch cost {@code C}
     * @throws IllegalArgumentException if a shape is wrong (naming both shapes and their roles),
     *                                  the batch is empty, or a target is invalid for the loss
     */
    public double compute(DMatrixRMaj x, DMatrixRMaj y) {
        return compute(x, y, gradients);
    }

    /**
     * As {@link #compute(DMatrixRMaj, DMatrixRMaj)}, writing the gradient into {@code out}
     * (shaped like the network's parameters, see {@link Gradients#zerosLike}); {@code out} is
     * overwritten, not accumulated into.
     *
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @param out receives the gradients; overwritten
     * @return the batch cost {@code C}
     */
    public double compute(DMatrixRMaj x, DMatrixRMaj y, Gradients out) {
        requireParameterShapes();
        Checks.notNull(out, "gradients");
        out.requireShapeOf(network);
        double cost = forward(x, y, null);
        backward(out, false);
        input = null;
        return cost;
    }

    /**
     * As {@link #compute(DMatrixRMaj, DMatrixRMaj, Gradients)}, recording every step (which
     * equation, which layer, which shapes) in {@code trace}.
     *
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @param out receives the gradients; overwritten
     * @param trace receives the steps; cleared first
     * @return the batch cost {@code C}
     */
    public double compute(DMatrixRMaj x, DMatrixRMaj y, Gradients out, Trace trace) {
        this.trace = Checks.notNull(trace, "trace");
        try {
            return compute(x, y, out);
        } finally {
            this.trace = null;
        }
    }

    /**
     * As {@link #compute(DMatrixRMaj, DMatrixRMaj, Gradients)} for a training step with dropout:
     * in every layer {@code l} with a dropout rate, {@code A^l = f^l(Z^l) ⊙ D^l} with
     * {@code D^l = M^l / (1 - p^l)} from {@code masks}, and the backward pass runs
     *
     * <pre>
     * (E2)  Delta^l = J_{f^l}(Z^l)^T (D^l ⊙ ((W^{l+1})^T Delta^{l+1}))    (D^l = 1 in a layer without dropout)
     * (E3b) grad_{W^l} C = Delta^l (A^{l-1})^T                             (A^{l-1} the dropped activations)
     * </pre>
     *
     * ((E1) and (E4b) unchanged; the output layer has no mask; docs/math.md, "Dropout"), so the
     * result is the exact gradient of the cost of the network with these masks held fixed.
     * {@link #output()} is then the output with dropout.
     *
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @param out receives the gradients; overwritten
     * @param masks the masks, drawn for this network's widths and rates and a batch of {@code m}; not modified
     * @return the batch cost {@code C} with dropout
     * @throws IllegalArgumentException if a shape is wrong, or the masks were drawn for another batch size,
     *                                  other widths or other rates (naming both)
     * @throws IllegalStateException if the masks were never drawn
     */
    public double compute(DMatrixRMaj x, DMatrixRMaj y, Gradients out, DropoutMasks masks) {
        this.masks = Checks.notNull(masks, "dropout masks");
        try {
            return compute(x, y, out);
        } finally {
            this.masks = null;
        }
    }

    /**
     * As {@link #compute(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj, Gradients)} for a training step with
     * dropout: the weighted batch cost with the masks held fixed, and its exact gradient (see
     * {@link #compute(DMatrixRMaj, DMatrixRMaj, Gradients, DropoutMasks)}).
     *
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @param s the sample weights, {@code m x 1}, finite and {@code >= 0}; not modified
     * @param out receives the gradients; overwritten
     * @param masks the masks, drawn for this network's widths and rates and a batch of {@code m}; not modified
     * @return the weighted batch cost {@code C} with dropout
     * @throws IllegalArgumentException as {@link #compute(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)}, or if the
     *                                  masks were drawn for another batch size, other widths or other rates
     * @throws IllegalStateException if the masks were never drawn
     */
    public double compute(DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s, Gradients out, DropoutMasks masks) {
        this.masks = Checks.notNull(masks, "dropout masks");
        try {
            return compute(x, y, s, out);
        } finally {
            this.masks = null;
        }
    }

    /**
     * As {@link #compute(DMatrixRMaj, DMatrixRMaj)} with per-sample weights: the batch cost
     * {@code C = sum_i s_i l_i / sum_i s_i rho_i} ({@code sum_i s_i c_i / sum_i s_i} for a loss
     * without class weights) and its gradient, stored in {@link #gradients()}.
     *
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @param s the sample weights {@code s_i}, {@code m x 1} (row {@code i} weighs sample {@code i}), finite and
     *     {@code >= 0}; not modified
     * @return the weighted batch cost {@code C} ({@code 0} if every weight is 0)
     * @throws IllegalArgumentException if a shape is wrong (naming both shapes and their roles), the batch is
     *                                  empty, a weight is negative or not finite (naming its row), or a target
     *                                  is invalid for the loss
     * @throws NullPointerException if {@code s} is null
     */
    public double compute(DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s) {
        return compute(x, y, s, gradients);
    }

    /**
     * As {@link #compute(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)}, writing the gradient into {@code out}
     * (overwritten, not accumulated into).
     *
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @param s the sample weights, {@code m x 1}, finite and {@code >= 0}; not modified
     * @param out receives the gradients; overwritten
     * @return the weighted batch cost {@code C}
     * @throws IllegalArgumentException as {@link #compute(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)}
     */
    public double compute(DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s, Gradients out) {
        Checks.notNull(s, "sample weights s");
        requireParameterShapes();
        Checks.notNull(out, "gradients");
        out.requireShapeOf(network);
        double cost = forward(x, y, s);
        backward(out, true);
        input = null;
        return cost;
    }

    /**
     * Runs only the forward pass and returns the weighted batch cost {@code C = sum_i s_i l_i / sum_i s_i rho_i}
     * (no gradient).
     *
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @param s the sample weights, {@code m x 1}, finite and {@code >= 0}; not modified
     * @return the weighted batch cost {@code C}
     * @throws IllegalArgumentException as {@link #compute(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)}
     */
    public double cost(DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s) {
        Checks.notNull(s, "sample weights s");
        requireParameterShapes();
        double cost = forward(x, y, s);
        input = null;
        return cost;
    }

    /**
     * The denominator {@code N = sum_i s_i rho_i} of the last call's batch cost: {@code m} for an
     * unweighted call with a loss without class weights, {@code sum_i s_i} with sample weights,
     * {@code sum_i s_i w_{y_i}} with class weights too. {@code C N} is the batch's share of a cost
     * over several batches: the cost of batches {@code B_1, B_2, ...} together is
     * {@code sum_b C_b N_b / sum_b N_b}.
     *
     * @return {@code N} of the last call, or NaN before the first
     */
    public double normaliser() {
        return normaliser;
    }

    /**
     * Runs only the forward pass and returns the batch cost {@code C} (no gradient).
     *
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @return the batch cost {@code C}
     */
    public double cost(DMatrixRMaj x, DMatrixRMaj y) {
        requireParameterShapes();
        double cost = forward(x, y, null);
        input = null;
        return cost;
    }

    /** {@code Delta^l} of the last {@link #compute} call ({@code n_l x m}, live workspace). */
    DMatrixRMaj delta(int l) {
        return work.delta[l];
    }

    /** {@code Z^l} of the last call ({@code n_l x m}, live workspace). */
    DMatrixRMaj potential(int l) {
        return work.z[l];
    }

    /** {@code Y^T} of the last call ({@code n_L x m}, live workspace). */
    DMatrixRMaj targetColumns() {
        return work.y;
    }

    /**
     * {@code A^l} of the last call for {@code l >= 1} ({@code n_l x m}, live workspace): with
     * dropout masks, the dropped activations of a layer with a rate.
     */
    DMatrixRMaj activation(int l) {
        return dropping && work.dropped[l] != null ? work.dropped[l] : work.a[l];
    }

    /** Validates, loads {@code Y^T} (and {@code s^T} when {@code s != null}), runs the forward pass; returns {@code C}. */
    private double forward(DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s) {
        int depth = network.depth();
        network.requireInput(x, "X");
        network.requireTargets(x, y);
        if (masks != null) {
            masks.requireFits(network, x.numRows);
        }
        if (s != null) {
            network.requireSampleWeights(x, s);
        }
        work.resize(x.numRows);
        CommonOps_DDRM.transpose(y, work.y);
        loss.checkTargets(work.y);
        if (s != null) {
            System.arraycopy(s.data, 0, work.s.data, 0, x.numRows);
        }
        input = x;
        dropping = masks != null;
        for (int l = 1; l <= depth; l++) {
            Layer layer = network.layer(l);
            if (l == 1) {
                kernel.multTransB(layer.weights(), x, work.z[1]);      // Z^1 = W^1 A^0 with A^0 = X^T
            } else {
                kernel.mult(layer.weights(), activation(l - 1), work.z[l]);
            }
            RowOps.addToColumns(work.z[l], layer.bias());
            layer.activation().forward(work.z[l], work.a[l]);
            if (drops(l)) {
                CommonOps_DDRM.elementMult(work.a[l], masks.mask(l), work.dropped[l]); // A^l = f^l(Z^l) ⊙ D^l
            }
            if (trace != null) {
                trace.forward(l, layer.activation().name(), layer.weights(), layer.bias(), x.numRows);
            }
        }
        Activation output = network.layer(depth).activation();
        if (s == null) {
            normaliser = loss.normaliser(work.y, null);
            return loss.cost(output, work.z[depth], work.a[depth], work.y);
        }
        normaliser = loss.normaliser(work.y, work.s);
        return loss.cost(output, work.z[depth], work.a[depth], work.y, work.s);
    }

    /** (E1), (E2), (E3b), (E4b) on the forward quantities in the workspace; (E1) with {@code s^T} if {@code weighted}. */
    private void backward(Gradients out, boolean weighted) {
        int depth = network.depth();
        Activation output = network.layer(depth).activation();
        if (weighted) {
            loss.outputDelta(output, work.z[depth], work.a[depth], work.y, work.s, work.delta[depth]);
        } else {
            loss.outputDelta(output, work.z[depth], work.a[depth], work.y, work.delta[depth]);
        }
        if (trace != null) {
            trace.outputDelta(depth, loss.name(), output.name(), work.y, work.delta[depth]);
        }
        for (int l = depth; l >= 1; l--) {
            if (l == 1) {
                kernel.mult(work.delta[1], input, out.weights(1));     // Delta^1 (A^0)^T = Delta^1 X
            } else {
                kernel.multTransB(work.delta[l], activation(l - 1), out.weights(l));
            }
            RowOps.rowSums(work.delta[l], out.bias(l));
            if (trace != null) {
                trace.gradients(l, work.delta[l], network.width(l - 1), out.weights(l), out.bias(l));
            }
            if (l > 1) {
                kernel.multTransA(network.layer(l).weights(), work.delta[l], work.delta[l - 1]);
                if (drops(l - 1)) {
                    CommonOps_DDRM.elementMult(work.delta[l - 1], masks.mask(l - 1)); // (E2): D^{l-1} ⊙ (...)
                }
                network.layer(l - 1).activation().applyJacobianTranspose(work.z[l - 1], work.a[l - 1],
                        work.delta[l - 1]);
                if (trace != null) {
                    trace.hiddenDelta(l, network.layer(l).weights(), work.delta[l], work.delta[l - 1]);
                }
            }
        }
    }

    /** Whether layer {@code l} drops units in the current call: masks were given and its rate is above 0. */
    private boolean drops(int l) {
        return masks != null && masks.drops(l);
    }

    /** Detects live parameter matrices that were reshaped since construction. */
    private void requireParameterShapes() {
        for (int l = 1; l <= network.depth(); l++) {
            requireParameterShapes(l);
        }
    }

    private void requireParameterShapes(int l) {
        Layer layer = network.layer(l);
        int rows = work.width(l);
        int cols = work.width(l - 1);
        if (layer.weights().numRows != rows || layer.weights().numCols != cols || layer.bias().numRows != rows
                || layer.bias().numCols != 1) {
            throw new IllegalStateException("layer " + l + ": W is " + Checks.shape(layer.weights()) + " and b is "
                    + Checks.shape(layer.bias()) + " but they were built as " + rows + "x" + cols + " and " + rows
                    + "x1 (a live parameter matrix was reshaped)");
        }
    }
}
