package io.github.matrixbackprop.backprop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.check.GradientCheck;
import io.github.matrixbackprop.check.GradientCheckReport;
import io.github.matrixbackprop.kernel.Kernels;
import io.github.matrixbackprop.kernel.Precision;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.network.Predictor;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Float32 mode's stated tolerances: against the float64 engine, every gradient element to a
 * relative {@code 1e-4} ({@code |x - ref| / max(1, |ref|)}), the cost to {@code 1e-5}, the outputs
 * to {@code 1e-5}; and the same bits for every thread count.
 */
class Float32PrecisionTest {

    private static Network network() {
        return TestNets.random(5, new int[] {300, 64, 32, 10}, Activations.tanh(), Activations.relu(),
                Activations.softmax());
    }

    @Test
    void gradientsAgreeWithFloat64WithinTheStatedTolerance() {
        Network net = network();
        DMatrixRMaj x = TestNets.inputs(6, 100, 300);
        DMatrixRMaj y = TestNets.oneHot(7, 100, 10);
        Backprop f64 = new Backprop(net, Losses.softmaxCrossEntropy(), Kernels.withThreads(1));
        Backprop f32 = new Backprop(net, Losses.softmaxCrossEntropy(), Kernels.withThreads(1, Precision.FLOAT32));
        double c64 = f64.compute(x, y);
        double c32 = f32.compute(x, y);
        assertEquals(c64, c32, 1e-5 * Math.abs(c64));
        GradientCheckReport r = GradientCheck.compare(f32.gradients(), f64.gradients(), "float64 engine", c64);
        assertTrue(r.passes(1e-4), r.toString());
        assertTrue(r.maxError() > 0, "float32 products must differ from float64 somewhere: " + r);

        DMatrixRMaj out64 = new DMatrixRMaj(100, 10);
        DMatrixRMaj out32 = new DMatrixRMaj(100, 10);
        new Predictor(net, Kernels.withThreads(1)).predict(x, out64);
        new Predictor(net, Kernels.withThreads(1, Precision.FLOAT32)).predict(x, out32);
        for (int i = 0; i < out64.getNumElements(); i++) {
            assertEquals(out64.data[i], out32.data[i], 1e-5, "output " + i);
        }
    }

    @Test
    void everyThreadCountGivesTheSameBitsInFloat32() {
        Network net = network();
        DMatrixRMaj x = TestNets.inputs(8, 128, 300);
        DMatrixRMaj y = TestNets.oneHot(9, 128, 10);
        Backprop one = new Backprop(net, Losses.softmaxCrossEntropy(), Kernels.withThreads(1, Precision.FLOAT32));
        Backprop two = new Backprop(net, Losses.softmaxCrossEntropy(), Kernels.withThreads(2, Precision.FLOAT32));
        assertEquals(one.compute(x, y), two.compute(x, y), 0.0);
        for (int l = 1; l <= net.depth(); l++) {
            assertArrayEquals(one.gradients().weights(l).data, two.gradients().weights(l).data, 0.0, "W^" + l);
            assertArrayEquals(one.gradients().bias(l).data, two.gradients().bias(l).data, 0.0, "b^" + l);
        }
    }
}
