package io.github.matrixbackprop.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activations;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;

class InitializerTest {

    private static double[] moments(Initializer init, int fanIn, int fanOut) {
        DMatrixRMaj w = new DMatrixRMaj(fanOut, fanIn);
        init.fill(w, fanIn, fanOut, new SplittableRandom(1));
        double mean = 0;
        double max = 0;
        for (double v : w.data) {
            mean += v;
            max = Math.max(max, Math.abs(v));
        }
        mean /= w.data.length;
        double var = 0;
        for (double v : w.data) {
            var += (v - mean) * (v - mean);
        }
        return new double[] {mean, Math.sqrt(var / (w.data.length - 1)), max};
    }

    @Test
    void distributionsHaveTheirDocumentedScale() {
        // 200 x 300 = 60,000 draws: the sample std is within about 0.6% of the true one
        int fanIn = 300;
        int fanOut = 200;
        double glorotBound = Math.sqrt(6.0 / (fanIn + fanOut));
        double heBound = Math.sqrt(6.0 / fanIn);
        double[] gu = moments(Initializer.glorotUniform(), fanIn, fanOut);
        assertTrue(gu[2] <= glorotBound);
        assertEquals(glorotBound / Math.sqrt(3), gu[1], 0.02 * gu[1]);
        double[] gn = moments(Initializer.glorotNormal(), fanIn, fanOut);
        assertEquals(Math.sqrt(2.0 / (fanIn + fanOut)), gn[1], 0.02 * gn[1]);
        double[] hu = moments(Initializer.heUniform(), fanIn, fanOut);
        assertTrue(hu[2] <= heBound);
        assertEquals(heBound / Math.sqrt(3), hu[1], 0.02 * hu[1]);
        double[] hn = moments(Initializer.heNormal(), fanIn, fanOut);
        assertEquals(Math.sqrt(2.0 / fanIn), hn[1], 0.02 * hn[1]);
        assertEquals(0.0, hn[0], 0.01);
    }

    @Test
    void sameSeedSameNetworkOtherSeedOtherNetwork() {
        NetworkBuilder b = Network.builder(5).dense(7, Activations.relu()).dense(3, Activations.softmax());
        Network a = b.seed(42).build();
        Network again = b.seed(42).build();
        Network other = b.seed(43).build();
        for (int l = 1; l <= 2; l++) {
            assertTrue(MatrixFeatures_DDRM.isIdentical(a.layer(l).weights(), again.layer(l).weights(), 0));
        }
        assertFalse(MatrixFeatures_DDRM.isIdentical(a.layer(1).weights(), other.layer(1).weights(), 0));
        assertEquals(0.0, a.layer(1).bias().get(3));
    }

    @Test
    void builderValidatesAndUsesPerLayerInitialisers() {
        Network n = Network.builder(2).dense(3, Activations.tanh(), Initializer.uniform(0.0), Initializer.normal(0))
                .dense(1, Activations.identity()).build();
        assertEquals(0.0, n.layer(1).weights().get(1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Network.builder(2).dense(0, Activations.tanh()));
        assertTrue(e.getMessage().contains("layer 1 units"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Network.builder(2).build());
        assertThrows(IllegalArgumentException.class, () -> Network.builder(0));
    }
}
