package io.github.matrixbackprop.demo;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.backprop.PerSampleGradients;
import io.github.matrixbackprop.backprop.Trace;
import io.github.matrixbackprop.check.SampleJacobians;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Prints the walk-through of docs/walkthrough.md: a 2-3-2 network on two samples, the engine's
 * trace, and for the first sample every Jacobian of the product and the gradient it gives.
 */
public final class Walkthrough {

    private Walkthrough() {
    }

    /**
     * Prints the walk-through.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.print(text());
    }

    /**
     * The walk-through as text.
     *
     * @return the page's text
     */
    public static String text() {
        StringBuilder out = new StringBuilder();
        Network net = Network.of(
                Layer.of(new double[][] {{0.5, -0.4}, {0.3, 0.8}, {-0.6, 0.2}}, new double[] {0.1, 0.0, -0.1},
                        Activations.tanh()),
                Layer.of(new double[][] {{0.7, -0.3, 0.5}, {-0.2, 0.6, 0.4}}, new double[] {0.05, -0.05},
                        Activations.softmax()));
        Loss loss = Losses.softmaxCrossEntropy();
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1.0, 2.0}, {-0.5, 0.5}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1, 0}, {0, 1}});
        out.append("network ").append(net).append(", loss ").append(loss.name()).append('\n');
        out.append("X (one sample per row):\n").append(format(x));
        out.append("Y:\n").append(format(y));

        Backprop engine = new Backprop(net, loss, 1);
        Trace trace = new Trace();
        Gradients g = Gradients.zerosLike(net);
        double cost = engine.compute(x, y, g, trace);
        out.append(String.format(Locale.ROOT, "%nbatch cost C = %.6f%ntrace:%n", cost)).append(trace);
        out.append("grad_W^1 C:\n").append(format(g.weights(1)));
        out.append("grad_W^2 C:\n").append(format(g.weights(2)));

        // sample 1 through the explicit Jacobians
        SampleJacobians j = new SampleJacobians(net, CommonOps_DDRM.extractRow(x, 0, null));
        out.append("\nsample 1: z^1, a^1, z^2, a^2 (columns):\n");
        out.append(format(CommonOps_DDRM.transpose(j.z(1), null))).append(format(CommonOps_DDRM.transpose(j.a(1), null)));
        out.append(format(CommonOps_DDRM.transpose(j.z(2), null))).append(format(CommonOps_DDRM.transpose(j.a(2), null)));
        DMatrixRMaj yi = CommonOps_DDRM.extractRow(y, 0, null);
        DMatrixRMaj gradA = new DMatrixRMaj(2, 1);
        loss.gradient(j.a(2), CommonOps_DDRM.transpose(yi, null), gradA);
        DMatrixRMaj row = CommonOps_DDRM.transpose(gradA, null);
        out.append("grad_{a^2} c^T = -y / a^2:\n").append(format(row));
        out.append("J_f(z^2) = diag(a^2) - a^2 (a^2)^T:\n").append(format(j.activation(2)));
        row = times(row, j.activation(2));
        out.append("(delta^2)^T = grad_{a^2} c^T J_f(z^2)  (= a^2 - y):\n").append(format(row));
        out.append("W^2:\n").append(format(j.weights(2)));
        row = times(row, j.weights(2));
        out.append("J_f(z^1) = diag(1 - (a^1)^2):\n").append(format(j.activation(1)));
        row = times(row, j.activation(1));
        out.append("(delta^1)^T = (delta^2)^T W^2 J_f(z^1):\n").append(format(row));
        DMatrixRMaj kron = j.potentialByWeights(1);
        out.append("(a^0)^T kron I_3, the Jacobian of z^1 by vec W^1 (3x6):\n").append(format(kron));
        DMatrixRMaj vec = times(row, kron);
        out.append("d c / d vec(W^1) = (delta^1)^T ((a^0)^T kron I_3), column-major vec:\n").append(format(vec));
        PerSampleGradients ps = new PerSampleGradients(new Backprop(net, loss, 1));
        ps.compute(x, y);
        out.append("the same numbers as a 3x2 matrix, from the engine's per-sample gradient of sample 1:\n")
                .append(format(ps.sample(0).weights(1)));
        return out.toString();
    }

    private static DMatrixRMaj times(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, c);
        return c;
    }

    private static String format(DMatrixRMaj m) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < m.numRows; r++) {
            sb.append("   ");
            for (int c = 0; c < m.numCols; c++) {
                sb.append(String.format(Locale.ROOT, " %9.5f", m.get(r, c)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
