package io.github.matrixbackprop.demo;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.check.GradientCheck;
import io.github.matrixbackprop.check.GradientCheckReport;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The built-in example: checks the engine's gradient on a small network against both
 * independent references, then learns XOR with plain full-batch gradient descent
 * {@code theta <- theta - lr grad_theta C}.
 */
public final class Demo {

    private Demo() {
    }

    /** Runs the example; no arguments. */
    public static void main(String[] args) {
        PrintStream out = System.out;
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0}, {1}, {1}, {0}});
        Network net = randomNetwork(new SplittableRandom(7), 2, 8, 1);
        Loss loss = Losses.binaryCrossEntropy();

        GradientCheckReport chain = GradientCheck.jacobianChain().check(net, loss, x, y);
        GradientCheckReport fd = GradientCheck.finiteDifferences().check(net, loss, x, y);
        out.printf(Locale.ROOT, "gradient self-check: engine vs Jacobian chain %.2e, vs finite differences %.2e%n",
                chain.maxError(), fd.maxError());

        Backprop engine = new Backprop(net, loss);
        double lr = 2.0;
        double cost = Double.NaN;
        for (int step = 0; step <= 2000; step++) {
            cost = engine.compute(x, y);
            if (step % 400 == 0) {
                out.printf(Locale.ROOT, "step %4d  cost %.6f%n", step, cost);
            }
            descend(net, engine.gradients(), lr);
        }
        DMatrixRMaj p = net.predict(x);
        int correct = 0;
        for (int i = 0; i < 4; i++) {
            boolean predicted = p.get(i, 0) > 0.5;
            correct += predicted == (y.get(i, 0) > 0.5) ? 1 : 0;
            out.printf(Locale.ROOT, "xor(%d, %d) = %.4f%n", (int) x.get(i, 0), (int) x.get(i, 1), p.get(i, 0));
        }
        out.printf(Locale.ROOT, "final cost %.6f, accuracy: %.4f%n", cost, correct / 4.0);
    }

    /** {@code theta <- theta - lr grad} for every {@code W^l}, {@code b^l}. */
    private static void descend(Network net, Gradients g, double lr) {
        for (int l = 1; l <= net.depth(); l++) {
            CommonOps_DDRM.addEquals(net.layer(l).weights(), -lr, g.weights(l));
            CommonOps_DDRM.addEquals(net.layer(l).bias(), -lr, g.bias(l));
        }
    }

    private static Network randomNetwork(SplittableRandom rnd, int in, int hidden, int outputs) {
        return Network.of(
                new Layer(uniform(rnd, hidden, in, 1.0), new DMatrixRMaj(hidden, 1), Activations.tanh()),
                new Layer(uniform(rnd, outputs, hidden, 1.0 / Math.sqrt(hidden)), new DMatrixRMaj(outputs, 1),
                        Activations.sigmoid()));
    }

    private static DMatrixRMaj uniform(SplittableRandom rnd, int rows, int cols, double scale) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] = scale * (2 * rnd.nextDouble() - 1);
        }
        return m;
    }
}
