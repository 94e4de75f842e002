package io.github.matrixbackprop.bench;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.kernel.Kernels;
import io.github.matrixbackprop.kernel.MatrixKernel;
import io.github.matrixbackprop.kernel.Precision;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.network.NetworkBuilder;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/** The workloads shared by the benchmarks, so every run builds the same networks and data. */
final class Mlp {

    private Mlp() {
    }

    /** {@code "784-256-256-10"}: hidden layers with {@code hidden}, softmax output. */
    static Network network(String widths, String hidden) {
        String[] w = widths.split("-");
        NetworkBuilder b = Network.builder(Integer.parseInt(w[0])).seed(42);
        for (int i = 1; i < w.length - 1; i++) {
            b.dense(Integer.parseInt(w[i]), Activations.byName(hidden));
        }
        return b.dense(Integer.parseInt(w[w.length - 1]), Activations.softmax()).build();
    }

    static DMatrixRMaj inputs(int m, int n) {
        SplittableRandom rnd = new SplittableRandom(1);
        DMatrixRMaj x = new DMatrixRMaj(m, n);
        for (int i = 0; i < x.getNumElements(); i++) {
            x.data[i] = rnd.nextDouble();
        }
        return x;
    }

    static DMatrixRMaj oneHot(int m, int classes) {
        SplittableRandom rnd = new SplittableRandom(2);
        DMatrixRMaj y = new DMatrixRMaj(m, classes);
        for (int i = 0; i < m; i++) {
            y.set(i, rnd.nextInt(classes), 1.0);
        }
        return y;
    }

    /** {@code vector} (the fastest available), {@code scalar} or {@code ejml}, in float64. */
    static MatrixKernel kernel(String name, int threads) {
        return kernel(name, threads, "float64");
    }

    /** {@code vector}, {@code scalar} or {@code ejml} (float64 only) in {@code float64} or {@code float32}. */
    static MatrixKernel kernel(String name, int threads, String precision) {
        Precision p = switch (precision) {
            case "float64" -> Precision.FLOAT64;
            case "float32" -> Precision.FLOAT32;
            default -> throw new IllegalArgumentException("precision " + precision);
        };
        return switch (name) {
            case "vector" -> {
                if (!Kernels.vectorApiAvailable()) {
                    throw new IllegalStateException("run the benchmark JVM with --add-modules jdk.incubator.vector");
                }
                yield Kernels.withThreads(threads, p);
            }
            case "scalar" -> Kernels.scalar(threads, p);
            case "ejml" -> {
                if (p != Precision.FLOAT64) {
                    throw new IllegalArgumentException("EJML's products are float64 only");
                }
                yield Kernels.ejml();
            }
            default -> throw new IllegalArgumentException("kernel " + name);
        };
    }
}
