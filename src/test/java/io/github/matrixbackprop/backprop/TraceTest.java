package io.github.matrixbackprop.backprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTest {

    @Test
    void recordsEveryStepWithItsShapesAndDoesNotChangeTheResult() {
        Network net = TestNets.random(1, new int[] {4, 5, 3, 2}, Activations.relu(), Activations.tanh(),
                Activations.softmax());
        Trace trace = new Trace();
        Gradients traced = Gradients.zerosLike(net);
        Backprop engine = new Backprop(net, Losses.softmaxCrossEntropy());
        double c1 = engine.compute(TestNets.inputs(2, 6, 4), TestNets.oneHot(3, 6, 2), traced, trace);
        double c2 = engine.compute(TestNets.inputs(2, 6, 4), TestNets.oneHot(3, 6, 2));
        assertEquals(c2, c1, 0.0);
        BackpropTest.assertBitIdentical(engine.gradients(), traced);
        List<Trace.Step> s = trace.steps();
        assertEquals(12, s.size());
        assertEquals("forward l=1  Z^1 = W^1 A^0 + b^1 1^T, A^1 = relu(Z^1)", s.get(0).toString().substring(0, 54).strip());
        assertEquals("W 5x4, A^0 4x6, b 5x1 -> Z^1, A^1 5x6", s.get(0).shapes());
        assertEquals("softmax_cross_entropy after softmax: A^3, Y 2x6 -> Delta^3 2x6", s.get(3).shapes());
        assertEquals("Delta^3 2x6, (A^2)^T 6x3 -> 2x3", s.get(4).shapes());
        assertEquals("Delta^3 2x6 -> 2x1", s.get(5).shapes());
        assertEquals("(W^3)^T 3x2, Delta^3 2x6 -> Delta^2 3x6", s.get(6).shapes());
        assertEquals("E2", s.get(6).equation());
        assertEquals(2, s.get(6).layer());
        String printed = trace.toString();
        assertEquals(12, printed.split("\\R").length);
        assertTrue(printed.contains("grad_W^1 = Delta^1 (A^0)^T"), printed);
        trace.clear();
        assertTrue(trace.steps().isEmpty());
        assertEquals("", trace.toString());
    }

    @Test
    void gradientsZeroNormAndAccessors() {
        Network net = TestNets.random(2, new int[] {2, 3, 1}, Activations.tanh(), Activations.identity());
        Backprop engine = new Backprop(net, Losses.mse(), io.github.matrixbackprop.kernel.Kernels.scalar(1));
        engine.compute(TestNets.inputs(3, 4, 2), TestNets.inputs(4, 4, 1));
        Gradients g = engine.gradients().copy();
        assertTrue(g.norm() > 0);
        g.zero();
        assertEquals(0.0, g.norm());
        assertEquals(0.0, g.weights(2).get(0, 2));
        assertEquals(0.0, g.bias(1).get(2));
        assertTrue(engine.network() == net && engine.loss().name().equals("mse"));
        assertEquals("scalar 4x4, 1 thread", engine.kernel().name());
        assertEquals(4, engine.output().numCols);
    }
}
