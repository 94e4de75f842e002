package io.github.matrixbackprop.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.kernel.Kernels;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;

class PredictorTest {

    @Test
    void equalsNetworkPredictBitForBitAcrossBatchSizesAndThreads() {
        Network net = Network.builder(40).dense(70, Activations.gelu()).dense(30, Activations.tanh())
                .dense(5, Activations.softmax()).seed(4).build();
        Predictor one = new Predictor(net, Kernels.withThreads(1));
        Predictor two = new Predictor(net, Kernels.withThreads(2));
        DMatrixRMaj out = new DMatrixRMaj(1, 1);
        for (int m : new int[] {200, 3, 1, 64}) {
            DMatrixRMaj x = TestNets.inputs(m, m, 40);
            DMatrixRMaj expected = net.predict(x);
            one.predict(x, out);
            assertEquals(m, out.numRows);
            assertTrue(MatrixFeatures_DDRM.isIdentical(expected, out, 0), "1 thread, m=" + m);
            two.predict(x, out);
            assertTrue(MatrixFeatures_DDRM.isIdentical(expected, out, 0), "2 threads, m=" + m);
        }
    }

    @Test
    void readsParameterUpdatesAndRejectsBadInput() {
        Network net = TestNets.random(1, new int[] {3, 4, 2}, Activations.tanh(), Activations.identity());
        Predictor p = new Predictor(net, Kernels.scalar(1));
        DMatrixRMaj x = TestNets.inputs(2, 5, 3);
        DMatrixRMaj out = new DMatrixRMaj(1, 1);
        p.predict(x, out);
        double before = out.get(0, 0);
        net.layer(2).bias().data[0] += 1;
        p.predict(x, out);
        assertEquals(before + 1, out.get(0, 0), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.predict(new DMatrixRMaj(5, 4), out));
        assertTrue(e.getMessage().contains("5x4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.predict(x, x));
    }
}
