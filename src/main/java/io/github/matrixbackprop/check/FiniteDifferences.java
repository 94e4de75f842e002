package io.github.matrixbackprop.check;

import io.github.matrixbackprop.backprop.DropoutMasks;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.ForwardPass;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Central finite differences of the batch cost with respect to every parameter:
 * {@code dC/dtheta ≈ (C(theta + h) - C(theta - h)) / (2h)}, with {@code h} scaled to
 * {@code step * max(1, |theta|)} and rounded to a representable difference.
 *
 * <p>Independent of the engine: each cost comes from {@link Network#forward} and
 * {@link Loss#cost}. The error is {@code O(h^2)} from truncation plus {@code O(eps C / h)} from
 * rounding; with the default step {@code 1e-6} it is typically below {@code 1e-8} for smooth
 * activations. Near a kink ({@code relu} at 0) a difference that straddles the kink is wrong by
 * design. Costs {@code 2 P} forward passes for {@code P} parameters: meant for small networks.
 *
 * <p>With {@link DropoutMasks} the cost is that of the network with those masks held fixed,
 * {@code A^l = f^l(Z^l) ⊙ D^l} in every layer with a dropout rate, computed by this class's own
 * forward pass with EJML's plain operations; so the differences are the reference for the
 * engine's gradient of a training step with dropout.
 */
public final class FiniteDifferences {

    /** The default relative step. */
    public static final double DEFAULT_STEP = 1e-6;

    private FiniteDifferences() {
    }

    /**
     * The batch cost {@code C} of {@code network} on {@code x} and {@code y} (rows = samples),
     * computed by a plain forward pass.
     *
     * @param network the network; not modified
     * @param loss the loss
     * @param x inputs, {@code m x n_0}; not modified
     * @param y targets, {@code m x n_L}; not modified
     * @return the batch cost
     */
    public static double cost(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y) {
        Checks.notNull(loss, "loss");
        ForwardPass pass = network.forward(x);
        DMatrixRMaj yt = CheckInputs.targetsAsColumns(network, x, y);
        loss.checkTargets(yt);
        int depth = network.depth();
        return loss.cost(network.layer(depth).activation(), pass.z(depth), pass.output(), yt);
    }

    /**
     * The weighted batch cost {@code C = sum_i s_i l_i / sum_i s_i rho_i} ({@link Loss#cost(
     * io.github.matrixbackprop.activation.Activation, DMatrixRMaj, DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)})
     * of {@code network} on {@code x}, {@code y} and the sample weights {@code s}, by a plain forward pass.
     *
     * @param network the network; not modified
     * @param loss the loss
     * @param x inputs, {@code m x n_0}; not modified
     * @param y targets, {@code m x n_L}; not modified
     * @param s the sample weights, {@code m x 1}, finite and {@code >= 0}; not modified
     * @return the weighted batch cost
     * @throws IllegalArgumentException if a shape is wrong, naming both shapes, or a weight is negative or not
     *                                  finite, naming its row
     */
    public static double cost(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s) {
        Checks.notNull(loss, "loss");
        DMatrixRMaj yt = CheckInputs.targetsAsColumns(network, x, y);
        network.requireSampleWeights(x, s);
        loss.checkTargets(yt);
        ForwardPass pass = network.forward(x);
        int depth = network.depth();
        DMatrixRMaj st = new DMatrixRMaj(1, s.numRows, true, s.data);
        return loss.cost(network.layer(depth).activation(), pass.z(depth), pass.output(), yt, st);
    }

    /**
     * The batch cost {@code C} of {@code network} with dropout masks held fixed: a plain forward
     * pass {@code Z^l = W^l A^{l-1} + b^l 1_m^T}, {@code A^l = f^l(Z^l) ⊙ D^l} ({@code D^l = 1} in a
     * layer without dropout), then the loss.
     *
     * @param network the network; not modified
     * @param loss the loss
     * @param x inputs, {@code m x n_0}; not modified
     * @param y targets, {@code m x n_L}; not modified
     * @param masks the masks, drawn for this network and a batch of {@code m}; not modified
     * @return the batch cost with these masks
     * @throws IllegalArgumentException if a shape is wrong or the masks do not fit the network and the batch
     * @throws IllegalStateException if the masks were never drawn
     */
    public static double cost(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y, DropoutMasks masks) {
        return maskedCost(network, loss, x, y, null, masks);
    }

    /**
     * The weighted batch cost {@code C = sum_i s_i l_i / sum_i s_i rho_i} of {@code network} with
     * dropout masks held fixed: the forward pass of {@link #cost(Network, Loss, DMatrixRMaj,
     * DMatrixRMaj, DropoutMasks)}, then the weighted cost (docs/math.md, "Dropout" and "Weighted
     * costs and loss options").
     *
     * @param network the network; not modified
     * @param loss the loss
     * @param x inputs, {@code m x n_0}; not modified
     * @param y targets, {@code m x n_L}; not modified
     * @param s the sample weights, {@code m x 1}, finite and {@code >= 0}; not modified
     * @param masks the masks, drawn for this network and a batch of {@code m}; not modified
     * @return the weighted batch cost with these masks
     * @throws IllegalArgumentException if a shape is wrong, a weight is negative or not finite, or the
     *                                  masks do not fit the network and the batch
     * @throws IllegalStateException if the masks were never drawn
     */
    public static double cost(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s,
                              DropoutMasks masks) {
        Checks.notNull(network, "network").requireSampleWeights(x, Checks.notNull(s, "sample weights s"));
        return maskedCost(network, loss, x, y, s, masks);
    }

    /**
     * Central differences of {@link #cost(Network, Loss, DMatrixRMaj, DMatrixRMaj, DMatrixRMaj,
     * DropoutMasks)} (weights and masks held fixed) for every weight and bias, with the step
     * {@code h = DEFAULT_STEP max(1, |theta|)}. Works on a copy of {@code network}; no argument is
     * modified.
     *
     * @param network the network; not modified
     * @param loss the loss
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @param s the sample weights, {@code m x 1}, finite and {@code >= 0}; not modified
     * @param masks the masks, drawn for this network and a batch of {@code m}; not modified
     * @return the approximate gradient of the weighted cost with these masks
     * @throws IllegalArgumentException as {@link #cost(Network, Loss, DMatrixRMaj, DMatrixRMaj, DMatrixRMaj,
     *                                  DropoutMasks)}
     * @throws IllegalStateException if the masks were never drawn
     */
    public static Gradients gradient(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s,
                                     DropoutMasks masks) {
        Checks.notNull(loss, "loss");
        cost(network, loss, x, y, s, masks); // validates the arguments once, up front
        loss.checkOutputActivation(network.layer(network.depth()).activation());
        return differentiate(network, loss, x, y, s, masks, DEFAULT_STEP);
    }

    /** The forward pass with masks, then the (weighted, if {@code s} is given) cost. */
    private static double maskedCost(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s,
                                     DropoutMasks masks) {
        Checks.notNull(loss, "loss");
        Checks.notNull(network, "network");
        DMatrixRMaj yt = CheckInputs.targetsAsColumns(network, x, y);
        Checks.notNull(masks, "dropout masks").requireFits(network, x.numRows);
        loss.checkTargets(yt);
        DMatrixRMaj a = CommonOps_DDRM.transpose(x, null);
        DMatrixRMaj z = null;
        for (int l = 1; l <= network.depth(); l++) {
            Layer layer = network.layer(l);
            z = new DMatrixRMaj(layer.outputs(), x.numRows);
            CommonOps_DDRM.mult(layer.weights(), a, z);
            for (int r = 0; r < z.numRows; r++) {
                for (int i = 0; i < z.numCols; i++) {
                    z.add(r, i, layer.bias().get(r, 0));
                }
            }
            a = new DMatrixRMaj(layer.outputs(), x.numRows);
            layer.activation().forward(z, a);
            if (layer.dropout() > 0) {
                CommonOps_DDRM.elementMult(a, masks.mask(l));
            }
        }
        if (s == null) {
            return loss.cost(network.layer(network.depth()).activation(), z, a, yt);
        }
        DMatrixRMaj st = new DMatrixRMaj(1, s.numRows, true, s.data);
        return loss.cost(network.layer(network.depth()).activation(), z, a, yt, st);
    }

    /**
     * Central differences of the cost with dropout masks held fixed ({@link #cost(Network, Loss,
     * DMatrixRMaj, DMatrixRMaj, DropoutMasks)}) for every weight and bias, with the step
     * {@code h = DEFAULT_STEP max(1, |theta|)} as in {@link #gradient(Network, Loss, DMatrixRMaj, DMatrixRMaj,
     * double)}. Works on a copy of {@code network}; no argument is modified.
     *
     * @param network the network; not modified
     * @param loss the loss
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @param masks the masks, drawn for this network and a batch of {@code m}; not modified
     * @return the approximate gradient of the cost with these masks
     * @throws IllegalArgumentException if a shape is wrong or the masks do not fit the network and the batch
     * @throws IllegalStateException if the masks were never drawn
     */
    public static Gradients gradient(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y, DropoutMasks masks) {
        Checks.notNull(network, "network");
        Checks.notNull(loss, "loss");
        loss.checkOutputActivation(network.layer(network.depth()).activation());
        cost(network, loss, x, y, masks); // validates the arguments once, up front
        return differentiate(network, loss, x, y, null, masks, DEFAULT_STEP);
    }

    /**
     * Central differences of {@code C} for every weight and bias. Works on a copy of
     * {@code network}; no argument is modified.
     *
     * @param step relative step {@code h}, finite and {@code > 0}
     * @param network the network; not modified
     * @param loss the loss
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @return the approximate gradient
     */
    public static Gradients gradient(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y, double step) {
        Checks.notNull(network, "network");
        Checks.positive(step, "finite-difference step");
        loss.checkOutputActivation(network.layer(network.depth()).activation());
        cost(network, loss, x, y); // validates the arguments once, up front
        return differentiate(network, loss, x, y, null, null, step);
    }

    /**
     * Central differences of the weighted cost {@code C = sum_i s_i l_i / sum_i s_i rho_i} for every
     * weight and bias. Works on a copy of {@code network}; no argument is modified.
     *
     * @param network the network; not modified
     * @param loss the loss
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @param s the sample weights, {@code m x 1}, finite and {@code >= 0}; not modified
     * @param step relative step {@code h}, finite and {@code > 0}
     * @return the approximate gradient
     * @throws IllegalArgumentException as {@link #cost(Network, Loss, DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)}
     */
    public static Gradients gradient(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s,
                                     double step) {
        Checks.notNull(network, "network");
        Checks.positive(step, "finite-difference step");
        loss.checkOutputActivation(network.layer(network.depth()).activation());
        cost(network, loss, x, y, s); // validates the arguments once, up front
        return differentiate(network, loss, x, y, s, null, step);
    }

    /**
     * As {@link #gradient(Network, Loss, DMatrixRMaj, DMatrixRMaj, double)} with {@link #DEFAULT_STEP}.
     *
     * @param network the network; not modified
     * @param loss the loss
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @return the approximate gradient
     */
    public static Gradients gradient(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y) {
        return gradient(network, loss, x, y, DEFAULT_STEP);
    }

    /**
     * Every parameter of a copy of {@code network}; {@code s = null}: the unweighted cost;
     * {@code masks} held fixed unless null.
     */
    private static Gradients differentiate(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s,
                                           DropoutMasks masks, double step) {
        Network work = network.copy();
        Gradients g = Gradients.zerosLike(network);
        for (int l = 1; l <= work.depth(); l++) {
            differentiate(work, loss, x, y, s, masks, step, work.layer(l).weights(), g.weights(l));
            differentiate(work, loss, x, y, s, masks, step, work.layer(l).bias(), g.bias(l));
        }
        return g;
    }

    private static void differentiate(Network work, Loss loss, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s,
                                      DropoutMasks masks, double step, DMatrixRMaj param, DMatrixRMaj out) {
        for (int i = 0; i < param.getNumElements(); i++) {
            double theta = param.data[i];
            double h = step * Math.max(1.0, Math.abs(theta));
            double up = theta + h;
            double down = theta - h;
            param.data[i] = up;
            double cUp = evaluate(work, loss, x, y, s, masks);
            param.data[i] = down;
            double cDown = evaluate(work, loss, x, y, s, masks);
            param.data[i] = theta;
            out.data[i] = (cUp - cDown) / (up - down);
        }
    }

    private static double evaluate(Network work, Loss loss, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s,
                                   DropoutMasks masks) {
        if (masks != null) {
            return maskedCost(work, loss, x, y, s, masks);
        }
        return s == null ? cost(work, loss, x, y) : cost(work, loss, x, y, s);
    }
}
