package io.github.matrixbackprop.backprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.check.GradientCheck;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class PerSampleGradientsTest {

    private final Network net = TestNets.random(1, new int[] {5, 7, 6, 4}, Activations.tanh(), Activations.gelu(),
            Activations.softmax());
    private final Loss loss = Losses.softmaxCrossEntropy();
    private final DMatrixRMaj x = TestNets.inputs(2, 9, 5);
    private final DMatrixRMaj y = TestNets.softTargets(3, 9, 4);

    private static double norm(Gradients g) {
        return g.norm();
    }

    @Test
    void eachSampleEqualsASingleSampleEngineRun() {
        PerSampleGradients ps = new PerSampleGradients(new Backprop(net, loss));
        ps.compute(x, y);
        Backprop single = new Backprop(net, loss);
        for (int i = 0; i < 9; i++) {
            single.compute(CommonOps_DDRM.extractRow(x, i, null), CommonOps_DDRM.extractRow(y, i, null));
            assertTrue(GradientCheck.compare(ps.sample(i), single.gradients(), "single", 0).passes(1e-13),
                    "sample " + i);
        }
    }

    @Test
    void perSampleGradientsSumToMTimesTheBatchGradient() {
        Backprop engine = new Backprop(net, loss);
        PerSampleGradients ps = new PerSampleGradients(engine);
        ps.compute(x, y);
        Gradients sum = Gradients.zerosLike(net);
        Gradients gi = Gradients.zerosLike(net);
        for (int i = 0; i < 9; i++) {
            ps.sample(i, gi);
            for (int l = 1; l <= 3; l++) {
                CommonOps_DDRM.addEquals(sum.weights(l), gi.weights(l));
                CommonOps_DDRM.addEquals(sum.bias(l), gi.bias(l));
            }
        }
        Gradients batch = engine.gradients().copy();
        for (int l = 1; l <= 3; l++) {
            CommonOps_DDRM.scale(9, batch.weights(l));
            CommonOps_DDRM.scale(9, batch.bias(l));
        }
        assertTrue(GradientCheck.compare(sum, batch, "m x batch", 0).passes(1e-13));
    }

    @Test
    void normsEqualTheNormsOfTheFormedGradients() {
        PerSampleGradients ps = new PerSampleGradients(new Backprop(net, loss));
        ps.compute(x, y);
        double[] norms = new double[9];
        ps.norms(norms);
        for (int i = 0; i < 9; i++) {
            double formed = norm(ps.sample(i));
            assertEquals(formed, norms[i], 1e-13 * formed, "sample " + i);
        }
    }

    @Test
    void clippedMeanScalesEachSampleToTheBound() {
        PerSampleGradients ps = new PerSampleGradients(new Backprop(net, loss));
        ps.compute(x, y);
        double[] norms = new double[9];
        ps.norms(norms);
        double bound = median(norms);
        Gradients expected = Gradients.zerosLike(net);
        for (int i = 0; i < 9; i++) {
            Gradients gi = ps.sample(i);
            double f = Math.min(1, bound / norms[i]);
            for (int l = 1; l <= 3; l++) {
                CommonOps_DDRM.addEquals(expected.weights(l), f / 9, gi.weights(l));
                CommonOps_DDRM.addEquals(expected.bias(l), f / 9, gi.bias(l));
            }
        }
        Gradients clipped = Gradients.zerosLike(net);
        ps.clippedMean(bound, clipped);
        assertTrue(GradientCheck.compare(clipped, expected, "formed", 0).passes(1e-13));
        // with a bound above every norm, the clipped mean is the batch gradient
        ps.clippedMean(1e9, clipped);
        assertTrue(GradientCheck.compare(clipped, ps.engine().gradients(), "batch", 0).passes(1e-14));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    @Test
    void misuseIsReported() {
        PerSampleGradients ps = new PerSampleGradients(new Backprop(net, loss));
        assertThrows(IllegalStateException.class, () -> ps.norms(new double[9]));
        ps.compute(x, y);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ps.sample(9));
        assertTrue(e.getMessage().contains("0..8") && e.getMessage().contains("9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ps.norms(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> ps.clippedMean(0, Gradients.zerosLike(net)));
    }
}
