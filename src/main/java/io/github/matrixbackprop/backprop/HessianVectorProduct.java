package io.github.matrixbackprop.backprop;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.kernel.MatrixKernel;
import io.github.matrixbackprop.kernel.RowOps;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Exact Hessian-vector products {@code H v} of the batch cost, and Gauss-Newton products
 * {@code G v}, with respect to all parameters, by forward-mode differentiation of the delta
 * recursion (Pearlmutter's R-operator, {@code R{q} = d/de q(theta + e v)} at {@code e = 0}), at
 * the cost of about two gradient evaluations. With {@code v = (V_W^l, V_b^l)}:
 *
 * <pre>
 * forward, l = 1..L (R{A^0} = 0):
 *   R{Z^l} = V_W^l A^{l-1} + W^l R{A^{l-1}} + V_b^l 1^T,      R{A^l} = J_f(Z^l) R{Z^l}
 * output:
 *   R{Delta^L} = (1/m) [J_f^T H_c J_f R{Z^L} + R{J_f}^T grad_a c]      (Loss.outputDeltaDirectional)
 * backward, l = L..1, with U^{l-1} = (W^l)^T Delta^l:
 *   (H v)_{W^l} = R{Delta^l} (A^{l-1})^T + Delta^l R{A^{l-1}}^T,   (H v)_{b^l} = R{Delta^l} 1_m
 *   R{Delta^{l-1}} = J_f(Z^{l-1})^T [(V_W^l)^T Delta^l + (W^l)^T R{Delta^l}] + R{J_f(Z^{l-1})}^T U^{l-1}
 * </pre>
 *
 * The Gauss-Newton product {@code G v = J^T H_c J v} (J: the Jacobian of the network's output by
 * the parameters) keeps the same forward pass and drops every second-order term: no
 * {@code R{J_f}} terms, no {@code (V_W)^T Delta} and no {@code Delta R{A}^T}. For softmax with
 * cross-entropy and sigmoid with binary cross-entropy the curvature of the loss is taken on the
 * logits (the generalised Gauss-Newton matrix), which is positive semi-definite. Derivation in
 * {@code docs/curvature.md}.
 *
 * <p>Needs second-order products from the activations and losses (every built-in has them).
 * Computes the network without dropout, as prediction does (the layers' dropout rates are
 * ignored). Not thread-safe; reuses its buffers.
 */
public final class HessianVectorProduct {

    private final Backprop engine;
    private final Network network;
    private final MatrixKernel kernel;
    private final DMatrixRMaj[] rz;
    private final DMatrixRMaj[] ra;
    private final DMatrixRMaj[] rd;
    private final DMatrixRMaj[] t1;
    private final DMatrixRMaj[] t2;
    private final Gradients scratch;

    /**
     * Products for the engine's network and loss, on its kernel.
     *
     * @param engine the engine whose network, loss and kernel to use; its gradients are overwritten by every
     *     product
     */
    public HessianVectorProduct(Backprop engine) {
        this.engine = Checks.notNull(engine, "engine");
        this.network = engine.network();
        this.kernel = engine.kernel();
        int depth = network.depth();
        rz = new DMatrixRMaj[depth + 1];
        ra = new DMatrixRMaj[depth + 1];
        rd = new DMatrixRMaj[depth + 1];
        t1 = new DMatrixRMaj[depth + 1];
        t2 = new DMatrixRMaj[depth + 1];
        for (int l = 1; l <= depth; l++) {
            int n = network.width(l);
            rz[l] = new DMatrixRMaj(n, 0);
            ra[l] = new DMatrixRMaj(n, 0);
            rd[l] = new DMatrixRMaj(n, 0);
            t1[l] = new DMatrixRMaj(n, 0);
            t2[l] = new DMatrixRMaj(n, 0);
        }
        scratch = Gradients.zerosLike(network);
    }

    /**
     * Writes {@code H v} into {@code out}, with {@code H} the Hessian of the batch cost {@code C}
     * at the network's current parameters; {@code v} is shaped like the parameters.
     *
     * @param x inputs, {@code m x n_0}, rows are samples
     * @param y targets, {@code m x n_L}
     * @param v the direction, shaped like the parameters; not modified
     * @param out receives {@code H v}; overwritten; must not be {@code v}
     * @return the batch cost
     */
    public double hessianTimes(DMatrixRMaj x, DMatrixRMaj y, Gradients v, Gradients out) {
        return run(x, y, v, out, false);
    }

    /**
     * As {@link #hessianTimes}, for the Gauss-Newton matrix {@code G}.
     *
     * @param x inputs, {@code m x n_0}, rows are samples
     * @param y targets, {@code m x n_L}
     * @param v the direction, shaped like the parameters; not modified
     * @param out receives {@code G v}; overwritten; must not be {@code v}
     * @return the batch cost
     */
    public double gaussNewtonTimes(DMatrixRMaj x, DMatrixRMaj y, Gradients v, Gradients out) {
        return run(x, y, v, out, true);
    }

    private double run(DMatrixRMaj x, DMatrixRMaj y, Gradients v, Gradients out, boolean gn) {
        Checks.notNull(v, "direction v");
        Checks.notNull(out, "output");
        v.requireShapeOf(network);
        out.requireShapeOf(network);
        if (v == out) {
            throw new IllegalArgumentException("the direction and the output must be different Gradients");
        }
        double cost = engine.compute(x, y);
        int m = x.numRows;
        int depth = network.depth();
        for (int l = 1; l <= depth; l++) {
            int n = network.width(l);
            rz[l].reshape(n, m);
            ra[l].reshape(n, m);
            rd[l].reshape(n, m);
            t1[l].reshape(n, m);
            t2[l].reshape(n, m);
        }
        // forward R pass
        for (int l = 1; l <= depth; l++) {
            if (l == 1) {
                kernel.multTransB(v.weights(1), x, rz[1]);
            } else {
                kernel.mult(v.weights(l), engine.activation(l - 1), rz[l]);
                kernel.mult(network.layer(l).weights(), ra[l - 1], t1[l]);
                CommonOps_DDRM.addEquals(rz[l], t1[l]);
            }
            RowOps.addToColumns(rz[l], v.bias(l));
            ra[l].setTo(rz[l]);
            network.layer(l).activation().applyJacobian(engine.potential(l), engine.activation(l), ra[l]);
        }
        Activation output = network.layer(depth).activation();
        engine.loss().outputDeltaDirectional(output, engine.potential(depth), engine.activation(depth),
                engine.targetColumns(), rz[depth], gn, rd[depth]);
        // backward R pass
        for (int l = depth; l >= 1; l--) {
            if (l == 1) {
                kernel.mult(rd[1], x, out.weights(1));
            } else {
                kernel.multTransB(rd[l], engine.activation(l - 1), out.weights(l));
                if (!gn) {
                    kernel.multTransB(engine.delta(l), ra[l - 1], scratch.weights(l));
                    CommonOps_DDRM.addEquals(out.weights(l), scratch.weights(l));
                }
            }
            RowOps.rowSums(rd[l], out.bias(l));
            if (l > 1) {
                DMatrixRMaj w = network.layer(l).weights();
                Activation f = network.layer(l - 1).activation();
                DMatrixRMaj z = engine.potential(l - 1);
                DMatrixRMaj a = engine.activation(l - 1);
                kernel.multTransA(w, rd[l], rd[l - 1]);
                if (!gn) {
                    kernel.multTransA(v.weights(l), engine.delta(l), t1[l - 1]);
                    CommonOps_DDRM.addEquals(rd[l - 1], t1[l - 1]);
                }
                f.applyJacobianTranspose(z, a, rd[l - 1]);
                if (!gn) {
                    kernel.multTransA(w, engine.delta(l), t1[l - 1]);           // U^{l-1}
                    f.applyJacobianTransposeDirectional(z, a, rz[l - 1], t1[l - 1], t2[l - 1]);
                    CommonOps_DDRM.addEquals(rd[l - 1], t2[l - 1]);
                }
            }
        }
        return cost;
    }
}
