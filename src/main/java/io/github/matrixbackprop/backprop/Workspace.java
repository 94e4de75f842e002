package io.github.matrixbackprop.backprop;

import io.github.matrixbackprop.network.Network;
import org.ejml.data.DMatrixRMaj;

/**
 * The per-batch buffers of one engine: {@code A^1 .. A^L}, {@code Z^1 .. Z^L},
 * {@code Delta^1 .. Delta^L}, the dropped activations of the layers with a dropout rate, the
 * transposed targets and the sample weights, all one sample per column.
 * Sized for a batch of {@code m}; resizing to a batch no larger than the largest seen so far
 * reuses the arrays (EJML's {@code reshape}), so steady-state training allocates nothing.
 */
final class Workspace {

    final DMatrixRMaj[] a;      // a[l] = A^l, l = 1..L (a[0] unused: A^0 = X^T is never formed)
    final DMatrixRMaj[] z;      // z[l] = Z^l, l = 1..L (z[0] unused)
    final DMatrixRMaj[] delta;  // delta[l] = Delta^l, l = 1..L (delta[0] unused)
    /**
     * dropped[l] = f^l(Z^l) ⊙ D^l, the output of a layer with a dropout rate in a step with masks
     * (a[l] then keeps f^l(Z^l), which the activation's Jacobian needs); null for a layer without.
     */
    final DMatrixRMaj[] dropped;
    final DMatrixRMaj y;        // Y^T, n_L x m
    final DMatrixRMaj s;        // s^T, 1 x m: the sample weights of a weighted call
    private final int[] widths;
    private int batch = -1;

    Workspace(Network network) {
        int depth = network.depth();
        widths = new int[depth + 1];
        for (int l = 0; l <= depth; l++) {
            widths[l] = network.width(l);
        }
        a = new DMatrixRMaj[depth + 1];
        z = new DMatrixRMaj[depth + 1];
        delta = new DMatrixRMaj[depth + 1];
        dropped = new DMatrixRMaj[depth + 1];
        for (int l = 1; l <= depth; l++) {
            a[l] = new DMatrixRMaj(widths[l], 0);
            z[l] = new DMatrixRMaj(widths[l], 0);
            delta[l] = new DMatrixRMaj(widths[l], 0);
            if (network.layer(l).dropout() > 0) {
                dropped[l] = new DMatrixRMaj(widths[l], 0);
            }
        }
        y = new DMatrixRMaj(widths[depth], 0);
        s = new DMatrixRMaj(1, 0);
    }

    /** {@code n_l} as the network was built. */
    int width(int l) {
        return widths[l];
    }

    /**
     * Makes every buffer fit a batch of {@code m} samples, except the dropped activations: the
     * step with dropout masks that fills one sizes it (so an engine never given masks never
     * allocates their arrays).
     */
    void resize(int m) {
        if (m == batch) {
            return;
        }
        for (int l = 1; l < widths.length; l++) {
            a[l].reshape(widths[l], m);
            z[l].reshape(widths[l], m);
            delta[l].reshape(widths[l], m);
        }
        y.reshape(widths[widths.length - 1], m);
        s.reshape(1, m);
        batch = m;
    }
}
