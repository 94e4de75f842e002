package io.github.matrixbackprop.network;

import io.github.matrixbackprop.kernel.MatrixKernel;
import io.github.matrixbackprop.kernel.RowOps;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Repeated inference without allocation: {@code A^0 = X^T}, {@code Z^l = W^l A^{l-1} + b^l 1^T},
 * {@code A^l = f^l(Z^l)}, with the buffers kept between calls (sized for the largest batch seen).
 * Reads the network's current parameters at every call. Never drops units: the layers' dropout
 * rates act in training steps only.
 *
 * <p>Not thread-safe (it owns its buffers): use one predictor per thread, or
 * {@link Network#predict}, which allocates and is safe to call from any thread.
 */
public final class Predictor {

    private final Network network;
    private final MatrixKernel kernel;
    private final DMatrixRMaj[] z;
    private final DMatrixRMaj[] a;

    /**
     * A predictor for {@code network} whose products run on {@code kernel}.
     *
     * @param network the network to evaluate; read at every call, so later parameter changes are seen
     * @param kernel computes the matrix products
     */
    public Predictor(Network network, MatrixKernel kernel) {
        this.network = Checks.notNull(network, "network");
        this.kernel = Checks.notNull(kernel, "kernel");
        int depth = network.depth();
        z = new DMatrixRMaj[depth + 1];
        a = new DMatrixRMaj[depth + 1];
        for (int l = 0; l <= depth; l++) {
            a[l] = new DMatrixRMaj(network.width(l), 0);
            z[l] = new DMatrixRMaj(network.width(l), 0);
        }
    }

    /**
     * Writes the outputs for the batch {@code x} ({@code m x n_0}, one sample per row) into
     * {@code out}, which is reshaped to {@code m x n_L} (no allocation once large enough).
     *
     * @param x inputs, {@code m x n_0}; not modified
     * @param out receives the outputs, {@code m x n_L}; must not be {@code x}
     */
    public void predict(DMatrixRMaj x, DMatrixRMaj out) {
        network.requireInput(x, "X");
        Checks.notNull(out, "output");
        if (out.data == x.data) {
            throw new IllegalArgumentException("the output shares its array with X");
        }
        int m = x.numRows;
        for (int l = 1; l < a.length; l++) {
            a[l].reshape(network.width(l), m);
            z[l].reshape(network.width(l), m);
        }
        for (int l = 1; l <= network.depth(); l++) {
            Layer layer = network.layer(l);
            if (l == 1) {
                kernel.multTransB(layer.weights(), x, z[1]); // Z^1 = W^1 X^T without forming X^T
            } else {
                kernel.mult(layer.weights(), a[l - 1], z[l]);
            }
            RowOps.addToColumns(z[l], layer.bias());
            layer.activation().forward(z[l], a[l]);
        }
        out.reshape(m, network.outputSize());
        CommonOps_DDRM.transpose(a[network.depth()], out);
    }
}
