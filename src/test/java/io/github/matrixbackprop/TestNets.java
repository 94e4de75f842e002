package io.github.matrixbackprop;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/** Seeded random networks, batches and targets for tests. */
public final class TestNets {

    private TestNets() {
    }

    /** A network with widths {@code widths[0] -> ... -> widths[L]}, activation {@code fs[l-1]} in layer l. */
    public static Network random(long seed, int[] widths, Activation... fs) {
        if (fs.length != widths.length - 1) {
            throw new IllegalArgumentException("need one activation per layer");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        for (int l = 1; l < widths.length; l++) {
            double scale = 1.0 / Math.sqrt(widths[l - 1]);
            DMatrixRMaj w = uniform(rnd, widths[l], widths[l - 1], -1.5 * scale, 1.5 * scale);
            DMatrixRMaj b = uniform(rnd, widths[l], 1, -0.5, 0.5);
            layers.add(new Layer(w, b, fs[l - 1]));
        }
        return new Network(layers);
    }

    /** {@code network} with dropout rate {@code rates[l-1]} in layer l: new layers with copies of the parameters. */
    public static Network withDropout(Network network, double... rates) {
        if (rates.length != network.depth()) {
            throw new IllegalArgumentException("need one rate per layer");
        }
        List<Layer> layers = new ArrayList<>();
        for (int l = 1; l <= network.depth(); l++) {
            layers.add(network.layer(l).withDropout(rates[l - 1]));
        }
        return new Network(layers);
    }

    /** A matrix of independent uniform numbers in [lo, hi). */
    public static DMatrixRMaj uniform(SplittableRandom rnd, int rows, int cols, double lo, double hi) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] = lo + (hi - lo) * rnd.nextDouble();
        }
        return m;
    }

    /** A batch of m inputs (rows) of width n, uniform in [-2, 2). */
    public static DMatrixRMaj inputs(long seed, int m, int n) {
        return uniform(new SplittableRandom(seed), m, n, -2, 2);
    }

    /** m one-hot rows of width n. */
    public static DMatrixRMaj oneHot(long seed, int m, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        DMatrixRMaj y = new DMatrixRMaj(m, n);
        for (int i = 0; i < m; i++) {
            y.set(i, rnd.nextInt(n), 1.0);
        }
        return y;
    }

    /** m rows of width n whose entries are probabilities of each row (soft targets, rows sum to 1). */
    public static DMatrixRMaj softTargets(long seed, int m, int n) {
        DMatrixRMaj y = uniform(new SplittableRandom(seed), m, n, 0.05, 1.0);
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += y.get(i, k);
            }
            for (int k = 0; k < n; k++) {
                y.set(i, k, y.get(i, k) / s);
            }
        }
        return y;
    }

    /** m rows of width n uniform in [0, 1) (targets for binary cross-entropy). */
    public static DMatrixRMaj unitTargets(long seed, int m, int n) {
        return uniform(new SplittableRandom(seed), m, n, 0, 1);
    }
}
