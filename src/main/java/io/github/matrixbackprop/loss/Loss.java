package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.activation.Activation;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A cost {@code c(a^L, y)} of one sample and its batch mean {@code C = (1/m) sum_i c(a_i^L, y_i)}
 * (math.md, "Costs used in the library"). All matrices hold one sample per column:
 * {@code z = Z^L}, {@code a = A^L} and {@code y} are {@code n_L x m}.
 *
 * <p>A loss gives the batch cost, the per-sample gradient {@code grad_a c}, and the output
 * signal {@code Delta^L} of (E1) with the {@code 1/m} of the batch mean folded in. A loss that
 * pairs with a particular output activation (softmax with cross-entropy, sigmoid with binary
 * cross-entropy) overrides {@link #outputDelta} with the simplified, numerically stable form.
 *
 * <p>Implementations must be immutable and thread-safe.
 */
public interface Loss {

    /**
     * The name used in model files and the reference cases, e.g. {@code "mse"}.
     *
     * @return the loss's lower-case name
     */
    String name();

    /**
     * Returns the batch cost {@code C = (1/m) sum_i c(a_i, y_i)}.
     *
     * @param f the output activation {@code f^L} (lets a loss evaluate itself from {@code z} stably)
     * @param z {@code Z^L}, {@code n_L x m}; not modified
     * @param a {@code A^L = f(Z^L)}, {@code n_L x m}; not modified
     * @param y targets, {@code n_L x m}; not modified
     * @return the batch cost {@code C}
     */
    double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y);

    /**
     * Computes {@code g_i = grad_{a} c(a_i, y_i)} for every sample (column), without the batch
     * factor {@code 1/m}.
     *
     * @param a {@code A^L}, {@code n_L x m}; not modified
     * @param y targets, {@code n_L x m}; not modified
     * @param g receives the gradients, {@code n_L x m}
     */
    void gradient(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj g);

    /**
     * Computes the output signal of the batch, (E1) column by column with the batch mean folded
     * in: {@code Delta^L_i = (1/m) J_{f}(z_i)^T grad_a c(a_i, y_i)}.
     *
     * @param delta receives {@code Delta^L}, {@code n_L x m}; must not share its array with the inputs
     * @param f the output activation {@code f^L}
     * @param z {@code Z^L}, {@code n_L x m}; not modified
     * @param a {@code A^L = f(Z^L)}, {@code n_L x m}; not modified
     * @param y targets, {@code n_L x m}; not modified
     */
    default void outputDelta(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj delta) {
        LossChecks.sameShape(this, "the output a^L", a, "Delta^L", delta);
        gradient(a, y, delta);
        f.applyJacobianTranspose(z, a, delta);
        CommonOps_DDRM.scale(1.0 / a.numCols, delta);
    }

    /**
     * Computes {@code out_i = H_i v_i} for every sample, with {@code H_i} the Hessian of
     * {@code c(a_i, y_i)} by {@code a} (no {@code 1/m}). Needed only for Hessian-vector products.
     *
     * @param a the outputs {@code A^L}, {@code n_L x m}; not modified
     * @param y targets, {@code n_L x m}; not modified
     * @param v the directions {@code v_i}, {@code n_L x m}; not modified
     * @param out receives {@code H_i v_i} column by column, {@code n_L x m}; must not alias the inputs
     * @throws UnsupportedOperationException if the loss does not provide it (the default)
     */
    default void hessianTimes(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj v, DMatrixRMaj out) {
        throw new UnsupportedOperationException("loss " + name() + " does not implement hessianTimes, which"
                + " Hessian-vector products need");
    }

    /**
     * The forward-mode derivative of the output signal along {@code R{z^L} = rz}:
     * {@code R{Delta^L} = (1/m) [J_f^T H_c J_f rz + R{J_f}^T grad_a c]} column by column; with
     * {@code gaussNewton} the second term (the activation's curvature) is left out, which gives the
     * output term of the Gauss-Newton product {@code G v}.
     *
     * @param out receives {@code R{Delta^L}}, {@code n_L x m}
     * @param f the output activation {@code f^L}
     * @param z {@code Z^L}, {@code n_L x m}; not modified
     * @param a {@code A^L = f(Z^L)}, {@code n_L x m}; not modified
     * @param y targets, {@code n_L x m}; not modified
     * @param rz the direction {@code R{Z^L}}, {@code n_L x m}; not modified
     * @param gaussNewton whether to leave out the activation's curvature term
     */
    default void outputDeltaDirectional(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj rz,
                                        boolean gaussNewton, DMatrixRMaj out) {
        LossChecks.directionalArguments(this, z, a, y, rz);
        DMatrixRMaj ra = rz.copy();
        f.applyJacobian(z, a, ra);
        hessianTimes(a, y, ra, out);
        f.applyJacobianTranspose(z, a, out);
        if (!gaussNewton) {
            DMatrixRMaj g = new DMatrixRMaj(a.numRows, a.numCols);
            gradient(a, y, g);
            DMatrixRMaj curvature = new DMatrixRMaj(a.numRows, a.numCols);
            f.applyJacobianTransposeDirectional(z, a, rz, g, curvature);
            CommonOps_DDRM.addEquals(out, curvature);
        }
        CommonOps_DDRM.scale(1.0 / a.numCols, out);
    }

    /**
     * Rejects an output activation this loss is not defined for (e.g. softmax cross-entropy
     * needs a softmax output).
     *
     * @param f the output activation the network ends with
     * @throws IllegalArgumentException naming the activation and what is required
     */
    default void checkOutputActivation(Activation f) {
    }

    /**
     * Rejects targets this loss is not defined for (every target must be finite; probability
     * losses need values in their range). Column {@code i} of {@code y} is sample {@code i}.
     *
     * @param y the targets, {@code n_L x m}, one sample per column; not modified
     * @throws IllegalArgumentException naming the sample, the unit and the value
     */
    default void checkTargets(DMatrixRMaj y) {
        LossChecks.targetsIn(this, y, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "finite");
    }
}
