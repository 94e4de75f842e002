package io.github.matrixbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.train.Trainer;
import io.github.matrixbackprop.train.TrainerConfig;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class L1Test {

    /** W = [[0.5, 0, -2], [1e-300, -0.0, 3]], b = [-1, 0]. */
    private static Network network() {
        return Network.of(Layer.of(new double[][] {{0.5, 0, -2}, {1e-300, -0.0, 3}}, new double[] {-1, 0},
                Activations.identity()));
    }

    /** grad_W = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], grad_b = [1, 2]. */
    private static Gradients gradient(Network net) {
        Gradients g = Gradients.zerosLike(net);
        System.arraycopy(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, 0, g.weights(1).data, 0, 6);
        System.arraycopy(new double[] {1, 2}, 0, g.bias(1).data, 0, 2);
        return g;
    }

    @Test
    void addsLambdaTimesTheSignOfEveryWeightAndZeroAtZero() {
        Network net = network();
        Gradients g = gradient(net);
        L1.of(0.25).apply(g, net);
        // by hand: 0.1 + 0.25, 0.2 + 0, 0.3 - 0.25; 0.4 + 0.25 (1e-300 > 0), 0.5 + 0 (-0.0 is 0), 0.6 + 0.25
        assertArrayEquals(new double[] {0.35, 0.2, 0.05, 0.65, 0.5, 0.85}, g.weights(1).data, 1e-16);
        assertArrayEquals(new double[] {1, 2}, g.bias(1).data, 0.0); // biases left out by default
        Gradients withBiases = gradient(net);
        L1.of(0.25).withBiases(true).apply(withBiases, net);
        assertArrayEquals(new double[] {0.75, 2}, withBiases.bias(1).data, 0.0); // sign(-1) = -1, sign(0) = 0
        assertArrayEquals(g.weights(1).data, withBiases.weights(1).data, 0.0);
        assertArrayEquals(new double[] {0.5, 0, -2, 1e-300, -0.0, 3}, net.layer(1).weights().data, 0.0);
    }

    @Test
    void composesWithAnOptimizer() {
        Network net = network();
        Optimizer sgd = Optimizers.chain(Sgd.of(0.1).create(net), L1.of(0.25), new ClipByValue(0.8));
        sgd.step(gradient(net));
        // theta - 0.1 * clip(g + 0.25 sign(theta), 0.8): 0.85 is clipped to 0.8
        assertArrayEquals(new double[] {0.5 - 0.035, -0.02, -2 - 0.005, 1e-300 - 0.065, -0.05, 3 - 0.08},
                net.layer(1).weights().data, 1e-15);
        assertArrayEquals(new double[] {-1 - 0.08, -0.08}, net.layer(1).bias().data, 1e-15);
    }

    @Test
    void needsTheParametersAndAValidStrength() {
        UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class,
                () -> L1.of(0.1).apply(gradient(network())));
        assertTrue(u.getMessage().contains("apply(g, network)"), u.getMessage());
        for (double bad : new double[] {-1e-3, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> L1.of(bad));
            assertEquals("l1 lambda must be finite and >= 0 but was " + bad, e.getMessage());
        }
        Network other = Network.of(Layer.of(new double[][] {{1, 2}}, new double[] {0}, Activations.identity()));
        Gradients g = gradient(network());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> L1.of(0.1).apply(g, other));
        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("1x2"), e.getMessage());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, g.weights(1).data, 0.0);
        assertEquals(new L1(0.5, true), L1.of(0.1).withLambda(0.5).withBiases(true));
    }

    /** Counts the first-layer weights on the irrelevant features (2..9) with |w| < 1e-3. */
    private static int smallIrrelevantWeights(Network net) {
        DMatrixRMaj w = net.layer(1).weights();
        int small = 0;
        for (int r = 0; r < w.numRows; r++) {
            for (int c = 2; c < w.numCols; c++) {
                small += Math.abs(w.get(r, c)) < 1e-3 ? 1 : 0;
            }
        }
        return small;
    }

    @Test
    void trainingWithL1GivesSparserWeightsOnIrrelevantFeatures() {
        // y = 1.5 x0 - 2 x1 + 0.5 + noise; features 2..9 are noise the model should ignore
        int m = 200;
        DMatrixRMaj x = TestNets.inputs(21, m, 10);
        DMatrixRMaj y = new DMatrixRMaj(m, 1);
        SplittableRandom noise = new SplittableRandom(22);
        for (int i = 0; i < m; i++) {
            y.data[i] = 1.5 * x.get(i, 0) - 2 * x.get(i, 1) + 0.5 + 0.5 * (noise.nextDouble() - 0.5);
        }
        Dataset data = new Dataset(x, y);
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(3000).withBatchSize(m).withSeed(23);
        Network plain = Network.builder(10).dense(1, Activations.identity()).seed(24).build();
        Network sparse = plain.copy();
        new Trainer(plain, Losses.halfSse(), Sgd.of(0.01), cfg).fit(data);
        new Trainer(sparse, Losses.halfSse(), Sgd.of(0.01), cfg.withTransforms(L1.of(0.05))).fit(data);
        int without = smallIrrelevantWeights(plain);
        int with = smallIrrelevantWeights(sparse);
        assertTrue(with >= 7 && without <= 2, "weights below 1e-3 on the 8 irrelevant features: " + with
                + " with L1, " + without + " without");
        // the relevant weights survive, shrunk by about lambda / Var(x) = 0.05 / (4/3)
        assertEquals(1.5, sparse.layer(1).weights().get(0, 0), 0.1);
        assertEquals(-2.0, sparse.layer(1).weights().get(0, 1), 0.1);
    }
}
