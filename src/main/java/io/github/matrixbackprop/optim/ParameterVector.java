package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.network.Network;
import org.ejml.data.DMatrixRMaj;

/**
 * A network's parameters seen as one flat vector {@code theta}, in torch's order for a
 * sequential model: {@code W^1} (row-major), {@code b^1}, {@code W^2}, {@code b^2}, ...; gradients
 * are flattened the same way. Also the few vector operations L-BFGS needs on such vectors.
 * Nothing here allocates.
 */
final class ParameterVector {

    private final DMatrixRMaj[] tensors;
    private final int size;

    ParameterVector(Network network) {
        tensors = new DMatrixRMaj[2 * network.depth()];
        int n = 0;
        for (int l = 1; l <= network.depth(); l++) {
            tensors[2 * l - 2] = network.layer(l).weights();
            tensors[2 * l - 1] = network.layer(l).bias();
            n += tensors[2 * l - 2].getNumElements() + tensors[2 * l - 1].getNumElements();
        }
        size = n;
    }

    /** The number of parameters {@code n}. */
    int size() {
        return size;
    }

    /** {@code out <- theta}. */
    void read(double[] out) {
        int offset = 0;
        for (DMatrixRMaj p : tensors) {
            int k = p.getNumElements();
            System.arraycopy(p.data, 0, out, offset, k);
            offset += k;
        }
    }

    /** {@code theta <- values}. */
    void write(double[] values) {
        int offset = 0;
        for (DMatrixRMaj p : tensors) {
            int k = p.getNumElements();
            System.arraycopy(values, offset, p.data, 0, k);
            offset += k;
        }
    }

    /** {@code theta <- theta + t d}, element by element. */
    void addScaled(double t, double[] d) {
        int offset = 0;
        for (DMatrixRMaj p : tensors) {
            double[] theta = p.data;
            int k = p.getNumElements();
            for (int i = 0; i < k; i++) {
                theta[i] += t * d[offset + i];
            }
            offset += k;
        }
    }

    /** {@code out <- g} flattened in the parameters' order; {@code g} has the network's shapes. */
    static void flatten(Gradients g, double[] out) {
        int offset = 0;
        for (int l = 1; l <= g.depth(); l++) {
            DMatrixRMaj w = g.weights(l);
            System.arraycopy(w.data, 0, out, offset, w.getNumElements());
            offset += w.getNumElements();
            DMatrixRMaj b = g.bias(l);
            System.arraycopy(b.data, 0, out, offset, b.getNumElements());
            offset += b.getNumElements();
        }
    }

    /** {@code a^T b}, summed in index order. */
    static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@code sum_i |a_i|}. */
    static double sumAbs(double[] a) {
        double s = 0.0;
        for (double v : a) {
            s += Math.abs(v);
        }
        return s;
    }

    /** {@code max_i |scale a_i|}; NaN if any product is NaN (as torch's {@code max}). */
    static double maxAbs(double[] a, double scale) {
        double m = 0.0;
        for (double v : a) {
            double x = Math.abs(v * scale);
            if (Double.isNaN(x)) {
                return x;
            }
            m = Math.max(m, x);
        }
        return m;
    }
}
