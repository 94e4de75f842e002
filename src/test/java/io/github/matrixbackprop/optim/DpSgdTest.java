package io.github.matrixbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.PerSampleGradients;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;

class DpSgdTest {

    private static Network net() {
        return TestNets.random(1, new int[] {4, 30, 3}, Activations.tanh(), Activations.softmax());
    }

    private final DMatrixRMaj x = TestNets.inputs(2, 16, 4);
    private final DMatrixRMaj y = TestNets.oneHot(3, 16, 3);

    @Test
    void withoutClippingOrNoiseItIsPlainSgd() {
        Network a = net();
        Network b = net();
        PerSampleGradients ps = new PerSampleGradients(new Backprop(a, Losses.softmaxCrossEntropy()));
        ps.compute(x, y);
        new DpSgd(0.1, 1e9, 0.0, 1).create(a).step(ps);
        Backprop eb = new Backprop(b, Losses.softmaxCrossEntropy());
        eb.compute(x, y);
        Sgd.of(0.1).create(b).step(eb.gradients());
        for (int l = 1; l <= 2; l++) {
            assertTrue(MatrixFeatures_DDRM.isIdentical(a.layer(l).weights(), b.layer(l).weights(), 1e-15));
        }
    }

    @Test
    void theSameSeedReproducesARunAndTheNoiseHasItsScale() {
        Network a = net();
        Network b = net();
        Network c = net();
        Network before = net();
        double lr = 1.0;
        double bound = 0.5;
        double sigma = 2.0;
        for (Network n : new Network[] {a, b, c}) {
            PerSampleGradients ps = new PerSampleGradients(new Backprop(n, Losses.softmaxCrossEntropy()));
            ps.compute(x, y);
            new DpSgd(lr, bound, sigma, n == c ? 8 : 7).create(n).step(ps);
        }
        assertTrue(MatrixFeatures_DDRM.isIdentical(a.layer(1).weights(), b.layer(1).weights(), 0));
        assertFalse(MatrixFeatures_DDRM.isIdentical(a.layer(1).weights(), c.layer(1).weights(), 0));
        // the noise part of the step is lr sigma C / m times a standard normal draw per parameter
        Network clippedOnly = net();
        PerSampleGradients ps = new PerSampleGradients(new Backprop(clippedOnly, Losses.softmaxCrossEntropy()));
        ps.compute(x, y);
        new DpSgd(lr, bound, 0.0, 7).create(clippedOnly).step(ps);
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (int l = 1; l <= 2; l++) {
            for (DMatrixRMaj[] pair : new DMatrixRMaj[][] {{a.layer(l).weights(), clippedOnly.layer(l).weights()},
                    {a.layer(l).bias(), clippedOnly.layer(l).bias()}}) {
                for (int i = 0; i < pair[0].getNumElements(); i++) {
                    double xi = -(pair[0].data[i] - pair[1].data[i]) / (lr * sigma * bound / 16);
                    sum += xi;
                    sumSq += xi * xi;
                    n++;
                }
            }
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSq / n - mean * mean);
        assertEquals(0.0, mean, 4 / Math.sqrt(n));           // 213 draws: 4 standard errors
        assertEquals(1.0, sd, 0.15);
        assertTrue(before.layer(1).weights().get(0, 0) != a.layer(1).weights().get(0, 0));
    }

    @Test
    void hyperparametersAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DpSgd(0.1, 0, 1, 1));
        assertTrue(e.getMessage().contains("clip norm"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DpSgd(0.1, 1, -1, 1));
        Network other = net();
        PerSampleGradients ps = new PerSampleGradients(new Backprop(other, Losses.softmaxCrossEntropy()));
        ps.compute(x, y);
        assertThrows(IllegalArgumentException.class, () -> new DpSgd(0.1, 1, 1, 1).create(net()).step(ps));
    }
}
