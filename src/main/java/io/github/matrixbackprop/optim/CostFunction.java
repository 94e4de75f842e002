package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The cost {@code C(theta)} and its gradient at the network's current parameters: what
 * {@link Lbfgs#step} calls, after it has changed the parameters in place, every time it needs
 * the cost at a new point (torch.optim's "closure").
 *
 * <p>The function must read the parameters of the optimizer's network as they are at the call
 * and must not change them. Where the cost comes from is its own business: one engine on a
 * batch in memory ({@link #of}), a sum over chunks, or partial sums gathered from other
 * machines. A deterministic function (the same parameters give the same cost and gradient,
 * bit for bit) gives a deterministic optimizer.
 */
@FunctionalInterface
public interface CostFunction {

    /**
     * Evaluates {@code C} at the network's current parameters and writes
     * {@code grad_theta C} (every {@code grad_{W^l} C} and {@code grad_{b^l} C}) into {@code out}.
     *
     * @param out receives the gradient, shaped like the network's parameters; overwritten, not
     *     accumulated into
     * @return the cost {@code C}
     */
    double evaluate(Gradients out);

    /**
     * The full-batch cost of {@code engine} on one batch: {@code C = (1/m) sum_i c(a_i^L, y_i)}
     * over the {@code m} rows of {@code x} and {@code y}, and its gradient, in one call of
     * {@link Backprop#compute(DMatrixRMaj, DMatrixRMaj, Gradients)}. The matrices are read at
     * every evaluation, never copied or modified.
     *
     * @param engine the engine bound to the network being optimized
     * @param x inputs, {@code m x n_0}, one sample per row
     * @param y targets, {@code m x n_L}, one sample per row
     * @return the cost function
     * @throws IllegalArgumentException if {@code x} or {@code y} does not fit the engine's network
     *     (naming both shapes), or a target is invalid for the engine's loss
     */
    static CostFunction of(Backprop engine, DMatrixRMaj x, DMatrixRMaj y) {
        Checks.notNull(engine, "engine");
        Network network = engine.network();
        network.requireInput(x, "X");
        network.requireTargets(x, y);
        engine.loss().checkTargets(CommonOps_DDRM.transpose(y, null));
        return out -> engine.compute(x, y, out);
    }
}
