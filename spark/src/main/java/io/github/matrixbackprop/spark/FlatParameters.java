package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.network.Network;
import org.ejml.data.DMatrixRMaj;

/**
 * Parameters and gradients as one flat vector, the form in which they travel between the driver
 * and the tasks: {@code W^1} (row-major), {@code b^1}, {@code W^2}, {@code b^2}, ..., the tensor
 * order of {@code OptimizerState}.
 */
final class FlatParameters {

    private FlatParameters() {
    }

    /** Writes every parameter of {@code network} into {@code out} from index {@code offset}. */
    static void write(Network network, double[] out, int offset) {
        int i = offset;
        for (int l = 1; l <= network.depth(); l++) {
            i = put(network.layer(l).weights(), out, i);
            i = put(network.layer(l).bias(), out, i);
        }
    }

    /** A new vector of every parameter of {@code network}. */
    static double[] of(Network network) {
        double[] out = new double[network.parameterCount()];
        write(network, out, 0);
        return out;
    }

    /** Sets every parameter of {@code network} from {@code in} (from index 0). */
    static void read(double[] in, Network network) {
        int i = 0;
        for (int l = 1; l <= network.depth(); l++) {
            i = get(in, i, 1.0, network.layer(l).weights());
            i = get(in, i, 1.0, network.layer(l).bias());
        }
    }

    /** Adds {@code factor * g} to {@code out} from index {@code offset}, element by element. */
    static void add(Gradients g, double factor, double[] out, int offset) {
        int i = offset;
        for (int l = 1; l <= g.depth(); l++) {
            i = add(g.weights(l), factor, out, i);
            i = add(g.bias(l), factor, out, i);
        }
    }

    private static int add(DMatrixRMaj m, double factor, double[] out, int offset) {
        int n = m.getNumElements();
        for (int k = 0; k < n; k++) {
            out[offset + k] += factor * m.data[k];
        }
        return offset + n;
    }

    /** Sets {@code g} to {@code in[offset..] / divisor}. */
    static void read(double[] in, int offset, double divisor, Gradients g) {
        int i = offset;
        for (int l = 1; l <= g.depth(); l++) {
            i = get(in, i, divisor, g.weights(l));
            i = get(in, i, divisor, g.bias(l));
        }
    }

    private static int put(DMatrixRMaj m, double[] out, int offset) {
        System.arraycopy(m.data, 0, out, offset, m.getNumElements());
        return offset + m.getNumElements();
    }

    private static int get(double[] in, int offset, double divisor, DMatrixRMaj m) {
        int n = m.getNumElements();
        if (divisor == 1.0) {
            System.arraycopy(in, offset, m.data, 0, n);
        } else {
            for (int k = 0; k < n; k++) {
                m.data[k] = in[offset + k] / divisor;
            }
        }
        return offset + n;
    }
}
