package io.github.matrixbackprop.check;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * An independent, deliberately slow reference for the gradient: per sample it forms every
 * Jacobian of math.md's product (Damadi, Moharrer and Cham; Ostwald and Usée) as a dense matrix
 * and multiplies them left to right:
 *
 * <pre>
 * d c / d vec(W^l) = grad_{a^L} c^T · J_{f^L}(z^L) · W^L · J_{f^{L-1}}(z^{L-1}) · … · J_{f^l}(z^l) ·
 * ((a^{l-1})^T ⊗ I_{n_l})
 * d c / d b^l      = grad_{a^L} c^T · J_{f^L}(z^L) · W^L · … · J_{f^l}(z^l) · I_{n_l}
 * </pre>
 *
 * with column-major {@code vec}, each factor taken from {@link SampleJacobians}; the batch gradient
 * is the mean over samples, or in general {@code sum_i s_i grad l_i / N} with the loss's
 * normaliser {@code N = sum_i s_i rho_i} ({@link Loss#normaliser}; {@code N = m} for an unweighted
 * loss without class weights). It shares no code with the engine: its forward pass is per sample
 * with EJML's plain operations, it uses each
 * activation's explicit {@link Activation#jacobian} (never its Jacobian-vector product) and the
 * loss's unfused {@link Loss#gradient} (never its fused output signal).
 *
 * <p>Memory grows as {@code n_l^2 n_{l-1}} for the Kronecker factor: meant for small networks
 * (refuses a layer whose factor would exceed {@value #MAX_KRONECKER_ELEMENTS} elements).
 */
public final class JacobianChain {

    /** The largest Kronecker factor {@code (a^{l-1})^T ⊗ I_{n_l}} (elements) this reference forms. */
    public static final long MAX_KRONECKER_ELEMENTS = 20_000_000L;

    private JacobianChain() {
    }

    /**
     * The gradient of the batch cost by the explicit Jacobian product, {@code sum_i grad l_i / N}
     * with {@code N = sum_i rho_i} the loss's normaliser ({@code N = m}, the mean over samples,
     * without class weights).
     *
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @param network the network; not modified
     * @param loss the loss
     * @return the exact gradient, computed independently of the engine
     */
    public static Gradients gradient(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y) {
        return gradient(network, loss, x, y, null);
    }

    /**
     * The gradient of the weighted batch cost {@code C = sum_i s_i l_i / sum_i s_i rho_i} by the explicit
     * Jacobian product: {@code sum_i s_i grad l_i / N}.
     *
     * @param x inputs, {@code m x n_0}, one sample per row; not modified
     * @param y targets, {@code m x n_L}, one sample per row; not modified
     * @param s the sample weights, {@code m x 1}, finite and {@code >= 0}, or {@code null} for all 1; not modified
     * @param network the network; not modified
     * @param loss the loss
     * @return the exact gradient, computed independently of the engine
     * @throws IllegalArgumentException if a shape is wrong or a weight is negative or not finite
     */
    public static Gradients gradient(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s) {
        Checks.notNull(network, "network");
        Checks.notNull(loss, "loss");
        DMatrixRMaj yt = CheckInputs.targetsAsColumns(network, x, y);
        if (s != null) {
            network.requireSampleWeights(x, s);
        }
        loss.checkTargets(yt);
        loss.checkOutputActivation(network.layer(network.depth()).activation());
        for (int l = 1; l <= network.depth(); l++) {
            long n = network.width(l);
            if (n * n * network.width(l - 1) > MAX_KRONECKER_ELEMENTS) {
                throw new IllegalArgumentException("layer " + l + ": W is " + Checks.shape(network.layer(l).weights())
                        + ", too large for the explicit Kronecker factor (more than " + MAX_KRONECKER_ELEMENTS
                        + " elements); use FiniteDifferences or a smaller network");
            }
        }
        int depth = network.depth();
        int m = x.numRows;
        Gradients sum = Gradients.zerosLike(network);
        for (int i = 0; i < m; i++) {
            SampleJacobians jac = new SampleJacobians(network, CommonOps_DDRM.extractRow(x, i, null));
            DMatrixRMaj yi = CommonOps_DDRM.extractColumn(yt, i, null);
            DMatrixRMaj g = new DMatrixRMaj(network.outputSize(), 1);
            loss.gradient(jac.a(depth), yi, g);
            if (s != null) {
                CommonOps_DDRM.scale(s.data[i], g);
            }
            // row = grad_{a^L} c^T, then multiplied by each Jacobian in turn
            DMatrixRMaj row = CommonOps_DDRM.transpose(g, null);
            for (int l = depth; l >= 1; l--) {
                Layer layer = network.layer(l);
                row = times(row, jac.activation(l));                    // d c / d z^l  (1 x n_l)
                DMatrixRMaj dVecW = times(row, jac.potentialByWeights(l)); // d c / d vec(W^l)
                DMatrixRMaj gw = sum.weights(l);
                int rows = layer.outputs();
                for (int c = 0; c < layer.inputs(); c++) {
                    for (int r = 0; r < rows; r++) {
                        gw.data[r * gw.numCols + c] += dVecW.data[c * rows + r]; // column-major unvec
                    }
                }
                DMatrixRMaj dB = times(row, jac.potentialByBias(l));
                for (int r = 0; r < rows; r++) {
                    sum.bias(l).data[r] += dB.data[r];
                }
                row = times(row, jac.weights(l));                       // d c / d a^{l-1}
            }
        }
        double norm = loss.normaliser(yt, s == null ? null : new DMatrixRMaj(1, m, true, s.data));
        for (int l = 1; l <= depth; l++) {
            CommonOps_DDRM.scale(norm > 0 ? 1.0 / norm : 0.0, sum.weights(l));
            CommonOps_DDRM.scale(norm > 0 ? 1.0 / norm : 0.0, sum.bias(l));
        }
        return sum;
    }

    private static DMatrixRMaj times(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, c);
        return c;
    }
}
