package io.github.matrixbackprop.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.network.Network;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class SampleJacobiansTest {

    @Test
    void jacobiansMatchCentralDifferencesOfTheForwardPass() {
        Network net = TestNets.random(1, new int[] {3, 4, 2}, Activations.silu(), Activations.softmax());
        DMatrixRMaj x = TestNets.inputs(2, 1, 3);
        SampleJacobians j = new SampleJacobians(net, x);
        // d z^2 / d vec(W^1) = W^2 J_f(z^1) ((a^0)^T kron I): check it against differences of z^2
        DMatrixRMaj chain = new DMatrixRMaj(2, 12);
        DMatrixRMaj t = new DMatrixRMaj(2, 4);
        CommonOps_DDRM.mult(j.weights(2), j.activation(1), t);
        CommonOps_DDRM.mult(t, j.potentialByWeights(1), chain);
        double h = 1e-6;
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < 4; r++) {
                Network up = net.copy();
                Network down = net.copy();
                up.layer(1).weights().add(r, c, h);
                down.layer(1).weights().add(r, c, -h);
                DMatrixRMaj zu = new SampleJacobians(up, x).z(2);
                DMatrixRMaj zd = new SampleJacobians(down, x).z(2);
                for (int k = 0; k < 2; k++) {
                    double fd = (zu.get(k) - zd.get(k)) / (2 * h);
                    assertEquals(fd, chain.get(k, c * 4 + r), 1e-8, "column-major vec index " + (c * 4 + r));
                }
            }
        }
        assertEquals(4, j.potentialByBias(1).numRows);
        assertTrue(j.a(0).get(2) == x.get(0, 2));
    }

    @Test
    void rejectsABatchAndBadLayers() {
        Network net = TestNets.random(1, new int[] {3, 2}, Activations.tanh());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SampleJacobians(net, new DMatrixRMaj(2, 3)));
        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("1x3"), e.getMessage());
        SampleJacobians j = new SampleJacobians(net, new DMatrixRMaj(3, 1));
        assertThrows(IllegalArgumentException.class, () -> j.activation(2));
        assertThrows(IllegalArgumentException.class, () -> j.z(0));
    }
}
