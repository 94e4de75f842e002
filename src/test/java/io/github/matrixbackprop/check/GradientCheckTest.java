package io.github.matrixbackprop.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.activation.ElementwiseActivation;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class GradientCheckTest {

    /** A user activation f(z) = z^3 / 3 whose derivative is deliberately wrong (z instead of z^2). */
    record WrongCube() implements ElementwiseActivation {
        @Override public String name() { return "wrong_cube"; }
        @Override public double value(double z) { return z * z * z / 3; }
        @Override public double derivative(double z, double a) { return z; }
    }

    /** The same function with its true derivative. */
    record Cube() implements ElementwiseActivation {
        @Override public String name() { return "cube"; }
        @Override public double value(double z) { return z * z * z / 3; }
        @Override public double derivative(double z, double a) { return z * z; }
    }

    private static Network withHidden(ElementwiseActivation f) {
        Network template = TestNets.random(1, new int[] {3, 4, 4, 2}, Activations.tanh(), f, Activations.identity());
        return template;
    }

    @Test
    void finiteDifferencesCatchAWrongDerivativeAndPointAtItsLayer() {
        Network net = withHidden(new WrongCube());
        DMatrixRMaj x = TestNets.inputs(2, 5, 3);
        DMatrixRMaj y = TestNets.inputs(3, 5, 2);
        GradientCheckReport report = GradientCheck.finiteDifferences().check(net, Losses.mse(), x, y);
        assertFalse(report.passes(1e-4), report::toString);
        // layer 3 sees a^2 = f(z^2) only forward, so its gradient is right; layers 1 and 2 are not
        assertTrue(report.tensors().get(4).error() < 1e-7, report::toString); // W^3
        assertTrue(report.tensors().get(2).error() > 1e-4, report::toString); // W^2
        assertTrue(report.worst().layer() <= 2, report::toString);
        assertTrue(report.toString().contains("layer 2 W"), report::toString);
    }

    @Test
    void onlyFiniteDifferencesCatchAWrongDerivativeTheChainSharesIt() {
        // the chain uses the activation's own jacobian(), which shares the wrong derivative, so a
        // wrong f' fools it: this is exactly why finite differences are the other, independent check
        Network net = withHidden(new WrongCube());
        DMatrixRMaj x = TestNets.inputs(2, 5, 3);
        DMatrixRMaj y = TestNets.inputs(3, 5, 2);
        assertTrue(GradientCheck.jacobianChain().check(net, Losses.mse(), x, y).passes(1e-12));
        assertFalse(GradientCheck.finiteDifferences().check(net, Losses.mse(), x, y).passes(1e-4));
    }

    @Test
    void aCorrectUserActivationPasses() {
        Network net = withHidden(new Cube());
        DMatrixRMaj x = TestNets.inputs(2, 5, 3);
        DMatrixRMaj y = TestNets.inputs(3, 5, 2);
        GradientCheckReport fd = GradientCheck.finiteDifferences().check(net, Losses.mse(), x, y);
        assertTrue(fd.passes(1e-7), fd::toString);
        assertEquals(6, fd.tensors().size());
    }

    @Test
    void reportLocatesTheWorstElement() {
        Network net = Network.of(Layer.zeros(2, 2, Activations.identity()));
        var a = io.github.matrixbackprop.backprop.Gradients.zerosLike(net);
        var b = a.copy();
        b.weights(1).set(1, 0, 0.5);
        b.bias(1).set(1, 0, 3.0);
        a.bias(1).set(1, 0, 2.0);
        GradientCheckReport r = GradientCheck.compare(a, b, "test", 1.0);
        TensorError w = r.tensors().get(0);
        assertEquals(1, w.row());
        assertEquals(0, w.column());
        assertEquals(0.5, w.error(), 0.0);
        assertEquals(1.0 / 3.0, r.tensors().get(1).error(), 1e-16); // |2 - 3| / max(1, 3)
        assertEquals(0.5, r.maxError(), 0.0);
        assertEquals("W", r.worst().tensor());
    }

    @Test
    void nanIsNeverAPass() {
        Network net = Network.of(Layer.zeros(1, 1, Activations.identity()));
        var a = io.github.matrixbackprop.backprop.Gradients.zerosLike(net);
        var b = a.copy();
        a.weights(1).set(0, 0, Double.NaN);
        GradientCheckReport r = GradientCheck.compare(a, b, "test", 0);
        assertFalse(r.passes(1.0));
        assertTrue(Double.isNaN(r.maxError()));
    }

    @Test
    void configurationIsValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.finiteDifferences().withStep(-1e-6));
        assertTrue(e.getMessage().contains("-1.0E-6"), e.getMessage());
        assertEquals(1e-4, GradientCheck.finiteDifferences().withStep(1e-4).step());
    }

    @Test
    void explicitChainRefusesHugeLayers() {
        Network big = Network.of(Layer.zeros(784, 256, Activations.relu()), Layer.zeros(256, 10, Activations.softmax()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JacobianChain.gradient(big, Losses.softmaxCrossEntropy(), new DMatrixRMaj(1, 784),
                        TestNets.oneHot(1, 1, 10)));
        assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("256x784"), e.getMessage());
    }

    @Test
    void finiteDifferencesLeaveTheNetworkUntouched() {
        Network net = TestNets.random(5, new int[] {2, 3, 1}, Activations.tanh(), Activations.identity());
        Network before = net.copy();
        FiniteDifferences.gradient(net, Losses.mse(), TestNets.inputs(6, 3, 2), TestNets.inputs(7, 3, 1));
        for (int l = 1; l <= 2; l++) {
            assertTrue(org.ejml.dense.row.MatrixFeatures_DDRM.isIdentical(before.layer(l).weights(),
                    net.layer(l).weights(), 0));
        }
    }
}
