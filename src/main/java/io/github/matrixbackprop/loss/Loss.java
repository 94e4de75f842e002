package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.activation.Activation;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A cost {@code c(a^L, y)} of one sample and the batch cost built from it (math.md, "Costs used
 * in the library"). All matrices hold one sample per column: {@code z = Z^L}, {@code a = A^L}
 * and {@code y} are {@code n_L x m}.
 *
 * <p><b>Weighted batch cost.</b> A loss gives every sample {@code i} a term {@code l_i} and a
 * normalising weight {@code rho_i >= 0}; with sample weights {@code s_i >= 0} the batch cost is
 *
 * <pre>
 * C = sum_i s_i l_i / N,    N = sum_i s_i rho_i      (C = 0 when N = 0)
 * </pre>
 *
 * For every loss without class weights {@code l_i = c_i} and {@code rho_i = 1}, so without
 * sample weights {@code C = (1/m) sum_i c_i}, and with them {@code C = sum_i s_i c_i / sum_i s_i}.
 * With class weights {@code w} ({@link SoftmaxCrossEntropy#withClassWeights})
 * {@code l_i = -sum_k w_k y'_ik log a_ik} ({@code y'} the smoothed targets; {@code = w_{y_i} c_i}
 * without label smoothing) and {@code rho_i = w_{y_i}}, PyTorch's weighted mean (docs/math.md,
 * "Weighted costs and loss options"). Sample and class weights multiply: {@code N = sum_i s_i w_{y_i}},
 * and without smoothing {@code C = sum_i s_i w_{y_i} c_i / N}. A batch whose weights are all 0 has
 * {@code N = 0}; it contributes nothing: {@code C = 0} and {@code Delta^L = 0} (PyTorch gives NaN).
 * Sample weights are passed as a {@code 1 x m} row {@code s}, one weight per column (sample).
 *
 * <p>A loss gives the batch cost, the per-sample gradient {@code grad_a l_i}, and the output
 * signal {@code Delta^L} of (E1) with the {@code s_i / N} of the batch cost folded into column
 * {@code i}. A loss that pairs with a particular output activation (softmax with cross-entropy,
 * sigmoid with binary cross-entropy) overrides {@link #outputDelta} with the simplified,
 * numerically stable form.
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
     * Returns the batch cost without sample weights, {@code C = sum_i l_i / sum_i rho_i}: the mean
     * {@code (1/m) sum_i c(a_i, y_i)} for every loss without class weights.
     *
     * @param f the output activation {@code f^L} (lets a loss evaluate itself from {@code z} stably)
     * @param z {@code Z^L}, {@code n_L x m}; not modified
     * @param a {@code A^L = f(Z^L)}, {@code n_L x m}; not modified
     * @param y targets, {@code n_L x m}; not modified
     * @return the batch cost {@code C}
     */
    double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y);

    /**
     * Returns the batch cost with sample weights, {@code C = sum_i s_i l_i / sum_i s_i rho_i}
     * ({@code 0} when the denominator is 0); {@code s = null} means every {@code s_i = 1}, the same
     * as {@link #cost(Activation, DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)}.
     *
     * <p>The default is right for a loss whose cost is a mean over samples ({@code rho_i = 1}):
     * it evaluates each column as a batch of one ({@code c_i}) and returns
     * {@code sum_i s_i c_i / sum_i s_i}, allocating as it goes. The built-in losses override it with
     * an allocation-free loop; with weights all 1 they give the unweighted cost bit for bit. A loss
     * that overrides {@link #normaliser} must override this method too.
     *
     * @param f the output activation {@code f^L}
     * @param z {@code Z^L}, {@code n_L x m}; not modified
     * @param a {@code A^L = f(Z^L)}, {@code n_L x m}; not modified
     * @param y targets, {@code n_L x m}; not modified
     * @param s the sample weights {@code s_i}, {@code 1 x m}, finite and {@code >= 0}, or {@code null} for all 1;
     *     not modified
     * @return the batch cost {@code C}
     * @throws IllegalArgumentException if {@code s} is not {@code 1 x m} (naming both shapes) or holds a
     *                                  negative or non-finite weight (naming the sample)
     */
    default double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj s) {
        if (s == null) {
            return cost(f, z, a, y);
        }
        LossChecks.sameShape(this, a, y);
        LossChecks.sameShape(this, "the potential z^L", z, "the output a^L", a);
        LossChecks.sampleWeights(this, a, s);
        int n = a.numRows;
        int m = a.numCols;
        double sum = 0.0;
        double norm = 0.0;
        for (int i = 0; i < m; i++) {
            DMatrixRMaj zi = new DMatrixRMaj(n, 1);
            DMatrixRMaj ai = new DMatrixRMaj(n, 1);
            DMatrixRMaj yi = new DMatrixRMaj(n, 1);
            CommonOps_DDRM.extractColumn(z, i, zi);
            CommonOps_DDRM.extractColumn(a, i, ai);
            CommonOps_DDRM.extractColumn(y, i, yi);
            sum += s.data[i] * cost(f, zi, ai, yi);
            norm += s.data[i];
        }
        return norm > 0 ? sum / norm : 0.0;
    }

    /**
     * The denominator of the batch cost, {@code N = sum_i s_i rho_i}: {@code m} without sample
     * weights, {@code sum_i s_i} with them, for every loss without class weights (the default).
     *
     * @param y targets, {@code n_L x m}; not modified
     * @param s the sample weights, {@code 1 x m}, or {@code null} for all 1; not modified
     * @return {@code N >= 0}
     * @throws IllegalArgumentException if {@code s} is not {@code 1 x m} or holds a negative or non-finite weight
     */
    default double normaliser(DMatrixRMaj y, DMatrixRMaj s) {
        LossChecks.notNull(this, "the targets y", y);
        if (s == null) {
            return y.numCols;
        }
        LossChecks.sampleWeights(this, y, s);
        return LossChecks.sum(s);
    }

    /**
     * Computes {@code g_i = grad_{a} l_i} for every sample (column), without the batch factor
     * {@code s_i / N}; {@code l_i = c(a_i, y_i)} for every loss without class weights.
     *
     * @param a {@code A^L}, {@code n_L x m}; not modified
     * @param y targets, {@code n_L x m}; not modified
     * @param g receives the gradients, {@code n_L x m}
     */
    void gradient(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj g);

    /**
     * Computes the output signal of the batch without sample weights, (E1) column by column with
     * the batch cost's denominator folded in: {@code Delta^L_i = J_{f}(z_i)^T grad_a l_i / N},
     * {@code N = sum_i rho_i} ({@code m} for every loss without class weights).
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
        LossChecks.scale(delta, normaliser(y, null));
    }

    /**
     * Computes the output signal with sample weights: (E1) column by column, scaled by the sample's
     * share of the batch cost, {@code Delta^L_i = (s_i / N) J_{f}(z_i)^T grad_a l_i} with
     * {@code N = sum_j s_j rho_j} ({@code Delta^L = 0} when {@code N = 0}); {@code s = null} means
     * every {@code s_i = 1}. The default applies {@link #gradient}, the activation's {@code J^T} and
     * the column scales, allocating nothing (with {@code s = null} it is the default unweighted
     * form); the fused losses override it.
     *
     * @param delta receives {@code Delta^L}, {@code n_L x m}; must not share its array with the inputs
     * @param f the output activation {@code f^L}
     * @param z {@code Z^L}, {@code n_L x m}; not modified
     * @param a {@code A^L = f(Z^L)}, {@code n_L x m}; not modified
     * @param y targets, {@code n_L x m}; not modified
     * @param s the sample weights {@code s_i}, {@code 1 x m}, finite and {@code >= 0}, or {@code null} for all 1;
     *     not modified
     * @throws IllegalArgumentException if {@code s} is not {@code 1 x m} (naming both shapes) or holds a
     *                                  negative or non-finite weight (naming the sample)
     */
    default void outputDelta(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj s,
                             DMatrixRMaj delta) {
        LossChecks.sameShape(this, "the output a^L", a, "Delta^L", delta);
        if (s != null) {
            LossChecks.sampleWeights(this, a, s);
        }
        double norm = normaliser(y, s);
        gradient(a, y, delta);
        f.applyJacobianTranspose(z, a, delta);
        if (s == null) {
            LossChecks.scale(delta, norm);
        } else {
            LossChecks.scaleColumns(delta, s, norm);
        }
    }

    /**
     * Computes {@code out_i = H_i v_i} for every sample, with {@code H_i} the Hessian of
     * {@code l_i} by {@code a} (no {@code 1/N}). Needed only for Hessian-vector products.
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
     * {@code R{Delta^L} = (1/N) [J_f^T H_l J_f rz + R{J_f}^T grad_a l]} column by column
     * ({@code N = sum_i rho_i}, {@code m} for every loss without class weights); with
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
        LossChecks.scale(out, normaliser(y, null));
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
