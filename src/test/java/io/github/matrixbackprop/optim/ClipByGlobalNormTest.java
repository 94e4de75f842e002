package io.github.matrixbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import org.junit.jupiter.api.Test;

class ClipByGlobalNormTest {

    private static Gradients of(double w0, double w1, double b) {
        Network net = Network.of(Layer.of(new double[][] {{0, 0}}, new double[] {0}, Activations.identity()));
        Gradients g = Gradients.zerosLike(net);
        g.weights(1).data[0] = w0;
        g.weights(1).data[1] = w1;
        g.bias(1).data[0] = b;
        return g;
    }

    @Test
    void hugeGradientsKeepTheirDirection() {
        Gradients g = of(1e200, -1e200, 0);
        assertEquals(Math.sqrt(2) * 1e200, g.norm(), 1e186);
        new ClipByGlobalNorm(1).apply(g);
        assertEquals(Math.sqrt(0.5), g.weights(1).data[0], 1e-15);
        assertEquals(-Math.sqrt(0.5), g.weights(1).data[1], 1e-15);
        assertEquals(0.0, g.bias(1).data[0], 0.0);
    }

    @Test
    void ordinaryGradientsAreClippedAsTorchDoes() {
        Gradients g = of(3, 4, 0);
        assertEquals(5.0, g.norm(), 0.0);
        new ClipByGlobalNorm(1).apply(g);
        double c = 1 / (5 + 1e-6);
        assertEquals(3 * c, g.weights(1).data[0], 0.0);
        assertEquals(4 * c, g.weights(1).data[1], 0.0);
        Gradients small = of(0.3, 0.4, 0);
        new ClipByGlobalNorm(1).apply(small);
        assertEquals(0.3, small.weights(1).data[0], 0.0);
    }

    @Test
    void anInfiniteElementGivesAnInfiniteNorm() {
        assertEquals(Double.POSITIVE_INFINITY, of(Double.NEGATIVE_INFINITY, 1, 0).norm(), 0.0);
        assertEquals(Double.NaN, of(Double.NaN, 1e300, 0).norm(), 0.0);
    }
}
