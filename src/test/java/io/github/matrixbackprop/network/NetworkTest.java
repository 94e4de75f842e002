package io.github.matrixbackprop.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class NetworkTest {

    @Test
    void widthsThatDoNotChainAreRejectedWithBothShapes() {
        Layer first = Layer.zeros(3, 5, Activations.tanh());
        Layer second = Layer.zeros(3, 4, Activations.identity());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.of(first, second));
        assertEquals("layer 2: W is 4x3 but a^1 has 5 rows (layer 1 has 5 units)", e.getMessage());
    }

    @Test
    void emptyNetworksAndNonPositiveWidthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Network(List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layer.zeros(0, 3, Activations.relu()));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layer.zeros(3, -1, Activations.relu()));
    }

    @Test
    void layerChecksBiasShapeAndFiniteness() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Layer(new DMatrixRMaj(4, 3), new DMatrixRMaj(3, 1), Activations.relu()));
        assertTrue(e.getMessage().contains("4x3") && e.getMessage().contains("3x1"), e.getMessage());
        DMatrixRMaj w = new DMatrixRMaj(2, 2);
        w.set(1, 0, Double.NaN);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new Layer(w, new DMatrixRMaj(2, 1), Activations.relu()));
        assertTrue(nan.getMessage().contains("row 1, column 0"), nan.getMessage());
        // a row vector is accepted as the bias and stored as a column
        Layer row = new Layer(new DMatrixRMaj(2, 3), new DMatrixRMaj(new double[][] {{1, 2}}), Activations.relu());
        assertEquals(2, row.bias().numRows);
        assertEquals(2.0, row.bias().get(1, 0));
    }

    @Test
    void layerCopiesItsArguments() {
        DMatrixRMaj w = new DMatrixRMaj(new double[][] {{1, 2}});
        DMatrixRMaj b = new DMatrixRMaj(new double[][] {{3}});
        Layer layer = new Layer(w, b, Activations.identity());
        w.set(0, 0, 100);
        b.set(0, 0, 100);
        assertEquals(1.0, layer.weights().get(0, 0));
        assertEquals(3.0, layer.bias().get(0, 0));
    }

    @Test
    void predictComputesTheComposition() {
        Layer l1 = Layer.of(new double[][] {{1, -1}, {0.5, 2}}, new double[] {0.1, -0.2}, Activations.relu());
        Layer l2 = Layer.of(new double[][] {{2, 1}}, new double[] {0.3}, Activations.identity());
        Network net = Network.of(l1, l2);
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 2}, {3, -1}});
        DMatrixRMaj out = net.predict(x);
        // sample 1: z1 = (1-2+0.1, 0.5+4-0.2) = (-0.9, 4.3), a1 = (0, 4.3), z2 = 4.3 + 0.3
        // sample 2: z1 = (3+1+0.1, 1.5-2-0.2) = (4.1, -0.7), a1 = (4.1, 0), z2 = 8.2 + 0.3
        assertEquals(2, out.numRows);
        assertEquals(1, out.numCols);
        assertEquals(4.6, out.get(0, 0), 1e-15);
        assertEquals(8.5, out.get(1, 0), 1e-15);
        ForwardPass pass = net.forward(x);
        assertEquals(-0.9, pass.z(1).get(0, 0), 1e-15);
        assertEquals(0.0, pass.a(1).get(0, 0));
        assertEquals(2, pass.a(0).numRows); // A^0 = X^T, one sample per column
    }

    @Test
    void predictRejectsWrongInputWidthAndEmptyBatch() {
        Network net = TestNets.random(1, new int[] {3, 4, 2}, Activations.tanh(), Activations.identity());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.predict(new DMatrixRMaj(5, 4)));
        assertTrue(e.getMessage().contains("5x4") && e.getMessage().contains("3 columns"), e.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> net.predict(new DMatrixRMaj(0, 3)));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    }

    @Test
    void copyIsDeepAndSetParametersCopiesBack() {
        Network net = TestNets.random(2, new int[] {3, 4, 2}, Activations.tanh(), Activations.identity());
        Network copy = net.copy();
        assertNotSame(net.layer(1).weights(), copy.layer(1).weights());
        copy.layer(1).weights().set(0, 0, 42);
        assertTrue(net.layer(1).weights().get(0, 0) != 42);
        net.setParameters(copy);
        assertEquals(42.0, net.layer(1).weights().get(0, 0));
        Network other = TestNets.random(2, new int[] {3, 5, 2}, Activations.tanh(), Activations.identity());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.setParameters(other));
        assertTrue(e.getMessage().contains("4x3") && e.getMessage().contains("5x3"), e.getMessage());
    }

    @Test
    void layerIndicesAreOneBasedAsInTheMath() {
        Network net = TestNets.random(3, new int[] {2, 3, 4, 1}, Activations.tanh(), Activations.relu(),
                Activations.identity());
        assertEquals(3, net.depth());
        assertEquals(3, net.layer(1).outputs());
        assertEquals(1, net.layer(3).outputs());
        assertArrayEquals(new int[] {2, 3, 4, 1}, new int[] {net.width(0), net.width(1), net.width(2), net.width(3)});
        assertEquals(2 * 3 + 3 + 3 * 4 + 4 + 4 + 1, net.parameterCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.layer(0));
        assertTrue(e.getMessage().contains("1..3") && e.getMessage().contains("0"), e.getMessage());
    }
}
