package io.github.matrixbackprop.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The builder's settings each take effect, and its and the network's argument errors name the layer. */
class NetworkBuilderTest {

    private static double maxAbs(DMatrixRMaj m) {
        return Arrays.stream(m.data).map(Math::abs).max().orElse(0);
    }

    @Test
    void builderWideInitialisersAndAGivenGeneratorAreUsed() {
        Network n = Network.builder(4).weightInit(Initializer.uniform(0.25)).biasInit(Initializer.normal(2.0))
                .random(new SplittableRandom(9)).dense(30, Activations.tanh()).dense(20, Activations.sigmoid())
                .build();
        for (Layer layer : n.layers()) {
            assertTrue(maxAbs(layer.weights()) < 0.25 && maxAbs(layer.weights()) > 0.2,
                    "uniform(0.25) weights fill their interval: " + maxAbs(layer.weights()));
            assertTrue(maxAbs(layer.bias()) > 2.0, "normal(2) biases are not the default zeros: "
                    + maxAbs(layer.bias()));
        }
        // seed(s) is a SplittableRandom(s): the same draws
        Network seeded = Network.builder(4).weightInit(Initializer.uniform(0.25)).biasInit(Initializer.normal(2.0))
                .seed(9).dense(30, Activations.tanh()).dense(20, Activations.sigmoid()).build();
        for (int l = 1; l <= 2; l++) {
            assertArrayEquals(n.layer(l).weights().data, seeded.layer(l).weights().data);
            assertArrayEquals(n.layer(l).bias().data, seeded.layer(l).bias().data);
        }
    }

    @Test
    void aLayersOwnInitialisersWinOverTheBuilders() {
        Network n = Network.builder(3).weightInit(Initializer.uniform(1)).biasInit(Initializer.normal(1))
                .dense(5, Activations.relu(), Initializer.zeros(), Initializer.uniform(0.5))
                .dense(2, Activations.identity(), null, null).seed(3).build();
        assertEquals(0.0, maxAbs(n.layer(1).weights()));
        assertTrue(maxAbs(n.layer(1).bias()) < 0.5 && maxAbs(n.layer(1).bias()) > 0);
        assertTrue(maxAbs(n.layer(2).weights()) > 0.3, "null: the builder's uniform(1)");
    }

    @Test
    void zerosOverwritesWhatTheMatrixHeld() {
        DMatrixRMaj m = new DMatrixRMaj(new double[][] {{1, -2}, {3, 4}});
        Initializer.zeros().fill(m, 2, 2, new SplittableRandom(1));
        assertArrayEquals(new double[4], m.data);
    }

    @Test
    void argumentErrorsNameTheLayer() {
        IllegalArgumentException units = assertThrows(IllegalArgumentException.class,
                () -> Network.builder(2).dense(3, Activations.tanh()).dense(0, Activations.tanh()));
        assertEquals("layer 2 units must be > 0 but was 0", units.getMessage());
        NullPointerException f = assertThrows(NullPointerException.class,
                () -> Network.builder(2).dense(3, null));
        assertEquals("layer 1 activation must not be null", f.getMessage());
        Layer one = Layer.zeros(2, 3, Activations.tanh());
        NullPointerException missing = assertThrows(NullPointerException.class,
                () -> new Network(Arrays.asList(one, null)));
        assertEquals("layer 2 must not be null", missing.getMessage());
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> Layer.of(new double[][] {{1, 2}, {3}}, new double[] {0, 0}, Activations.tanh()));
        assertEquals("W row 1 has 1 numbers but row 0 has 2", ragged.getMessage());
    }

    @Test
    void networksOfAnotherDepthOrShapeAreNotCopiedFrom() {
        Network net = TestNets.random(2, new int[] {3, 4, 2}, Activations.tanh(), Activations.identity());
        double[] before = net.layer(1).weights().data.clone();
        Network deeper = TestNets.random(3, new int[] {3, 4, 4, 2}, Activations.tanh(), Activations.tanh(),
                Activations.identity());
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> net.setParameters(deeper));
        assertEquals("networks differ in depth: 2 and 3", depth.getMessage());
        Network wider = TestNets.random(4, new int[] {3, 5, 2}, Activations.tanh(), Activations.identity());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> net.setParameters(wider));
        assertEquals("layer 1: W is 4x3 here but 5x3 in the other network", shape.getMessage());
        assertArrayEquals(before, net.layer(1).weights().data, "a refused copy changes nothing");
    }
}
