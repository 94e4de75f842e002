package io.github.matrixbackprop.check;

import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The Jacobians of math.md's product for one sample, as dense EJML matrices (new copies on every
 * call), for inspection and teaching:
 *
 * <pre>
 * d c / d theta^l = grad_{a^L} c^T · J_{f^L}(z^L) · W^L · … · J_{f^l}(z^l) · J_{z^l}(theta^l)
 * </pre>
 *
 * {@link #activation(int)} is {@code J_{f^l}(z^l)} ({@code n_l x n_l}), {@link #weights(int)} is
 * {@code W^l = d z^l / d a^{l-1}}, {@link #potentialByWeights(int)} is
 * {@code J_{z^l}(vec W^l) = (a^{l-1})^T ⊗ I_{n_l}} ({@code n_l x n_l n_{l-1}}, column-major
 * {@code vec}) and {@link #potentialByBias(int)} is {@code I_{n_l}}. The forward pass is a plain
 * per-sample one with EJML operations, independent of the engine. Immutable after construction.
 */
public final class SampleJacobians {

    private final Network network;
    private final DMatrixRMaj[] z;
    private final DMatrixRMaj[] a;

    /**
     * Runs the forward pass of one sample.
     *
     * @param x the sample, {@code n_0} values as a {@code 1 x n_0} row or an {@code n_0 x 1} column; not modified
     * @param network the network; not modified
     */
    public SampleJacobians(Network network, DMatrixRMaj x) {
        this.network = Checks.notNull(network, "network");
        Checks.notNull(x, "x");
        int n0 = network.inputSize();
        if (x.getNumElements() != n0 || (x.numRows != 1 && x.numCols != 1)) {
            throw new IllegalArgumentException("x is " + Checks.shape(x) + " but one sample of this network is 1x"
                    + n0 + " (or " + n0 + "x1)");
        }
        int depth = network.depth();
        z = new DMatrixRMaj[depth + 1];
        a = new DMatrixRMaj[depth + 1];
        a[0] = new DMatrixRMaj(n0, 1);
        System.arraycopy(x.data, 0, a[0].data, 0, n0);
        for (int l = 1; l <= depth; l++) {
            Layer layer = network.layer(l);
            z[l] = new DMatrixRMaj(layer.outputs(), 1);
            CommonOps_DDRM.mult(layer.weights(), a[l - 1], z[l]);
            CommonOps_DDRM.addEquals(z[l], layer.bias());
            a[l] = new DMatrixRMaj(layer.outputs(), 1);
            layer.activation().forward(z[l], a[l]);
        }
    }

    /**
     * The network.
     *
     * @return the network
     */
    public Network network() {
        return network;
    }

    /**
     * {@code z^l} ({@code n_l x 1}) for {@code l = 1..L}.
     *
     * @param l the layer number, {@code 1..L}
     * @return {@code z^l}
     */
    public DMatrixRMaj z(int l) {
        return z[check(l, 1)].copy();
    }

    /**
     * {@code a^l} ({@code n_l x 1}) for {@code l = 0..L}; {@code a^0 = x}.
     *
     * @param l the layer number, {@code 0..L}
     * @return {@code a^l}
     */
    public DMatrixRMaj a(int l) {
        return a[check(l, 0)].copy();
    }

    /**
     * {@code J_{f^l}(z^l)}, {@code n_l x n_l}.
     *
     * @param l the layer number, {@code 1..L}
     * @return the activation's Jacobian at {@code z^l}
     */
    public DMatrixRMaj activation(int l) {
        return network.layer(check(l, 1)).activation().jacobian(z[l]);
    }

    /**
     * {@code W^l}, the Jacobian of {@code z^l} by {@code a^{l-1}}, {@code n_l x n_{l-1}}.
     *
     * @param l the layer number, {@code 1..L}
     * @return {@code W^l}
     */
    public DMatrixRMaj weights(int l) {
        return network.layer(check(l, 1)).weights().copy();
    }

    /**
     * {@code (a^{l-1})^T ⊗ I_{n_l}}, the Jacobian of {@code z^l} by {@code vec W^l}, {@code n_l x n_l n_{l-1}}.
     *
     * @param l the layer number, {@code 1..L}
     * @return the Kronecker product
     */
    public DMatrixRMaj potentialByWeights(int l) {
        int n = network.layer(check(l, 1)).outputs();
        return CommonOps_DDRM.kron(CommonOps_DDRM.transpose(a[l - 1], null), CommonOps_DDRM.identity(n), null);
    }

    /**
     * {@code I_{n_l}}, the Jacobian of {@code z^l} by {@code b^l}.
     *
     * @param l the layer number, {@code 1..L}
     * @return the identity matrix of size {@code n_l}
     */
    public DMatrixRMaj potentialByBias(int l) {
        return CommonOps_DDRM.identity(network.layer(check(l, 1)).outputs());
    }

    private int check(int l, int from) {
        if (l < from || l > network.depth()) {
            throw new IllegalArgumentException("l must be in " + from + ".." + network.depth() + " but was " + l);
        }
        return l;
    }
}
