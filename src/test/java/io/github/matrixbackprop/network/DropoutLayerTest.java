package io.github.matrixbackprop.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.kernel.Kernels;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;

/** The dropout rate as layer configuration: validated, kept by copies, refused on the output, ignored by prediction. */
class DropoutLayerTest {

    @Test
    void theBuilderSetsTheRateOfTheLayerAddedLast() {
        Network net = Network.builder(3).dense(8, Activations.relu()).dropout(0.5).dense(6, Activations.tanh())
                .dense(5, Activations.relu()).dropout(0.2).dense(2, Activations.softmax()).seed(1).build();
        assertEquals(0.5, net.layer(1).dropout());
        assertEquals(0.0, net.layer(2).dropout());
        assertEquals(0.2, net.layer(3).dropout());
        assertEquals(0.0, net.layer(4).dropout());
        assertEquals("Network(3 -> 8 relu dropout 0.5 -> 6 tanh -> 5 relu dropout 0.2 -> 2 softmax)", net.toString());
        assertEquals("Layer(3 -> 8, relu, dropout 0.5)", net.layer(1).toString());
        assertEquals("Layer(8 -> 6, tanh)", net.layer(2).toString());
        // the rates draw nothing: the parameters are those of the same builder without dropout
        Network plain = Network.builder(3).dense(8, Activations.relu()).dense(6, Activations.tanh())
                .dense(5, Activations.relu()).dense(2, Activations.softmax()).seed(1).build();
        for (int l = 1; l <= 4; l++) {
            assertArrayEquals(plain.layer(l).weights().data, net.layer(l).weights().data);
        }
    }

    @Test
    void badRatesAreRefusedNamingTheValue() {
        NetworkBuilder b = Network.builder(3).dense(4, Activations.relu());
        for (double p : new double[] {1.0, -0.1, Double.NaN, 1.5, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.dropout(p));
            assertEquals("layer 1 dropout rate must be in [0.0, 1.0) but was " + p, e.getMessage());
            IllegalArgumentException layer = assertThrows(IllegalArgumentException.class,
                    () -> Layer.zeros(3, 4, Activations.relu()).withDropout(p));
            assertEquals("dropout rate must be in [0.0, 1.0) but was " + p, layer.getMessage());
        }
        IllegalStateException first = assertThrows(IllegalStateException.class,
                () -> Network.builder(3).dropout(0.5));
        assertTrue(first.getMessage().contains("no layer was added yet"), first.getMessage());
    }

    @Test
    void theOutputLayerCannotDrop() {
        SplittableRandom generator = new SplittableRandom(3);
        SplittableRandom untouched = new SplittableRandom(3);
        NetworkBuilder b = Network.builder(3).dense(4, Activations.relu()).dense(2, Activations.softmax())
                .dropout(0.5).random(generator);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("layer 2 is the output layer but has dropout rate 0.5; dropout is for hidden layers only (the"
                + " output layer's rate must be 0)", e.getMessage());
        assertEquals(untouched.nextLong(), generator.nextLong(), "refused before any parameter was drawn");
        Layer hidden = Layer.zeros(3, 4, Activations.relu());
        Layer output = Layer.zeros(4, 2, Activations.identity()).withDropout(0.1);
        IllegalArgumentException of = assertThrows(IllegalArgumentException.class, () -> Network.of(hidden, output));
        assertTrue(of.getMessage().startsWith("layer 2 is the output layer but has dropout rate 0.1"), of.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Network.of(output));
    }

    @Test
    void copiesKeepTheRateAndWithDropoutCopiesTheParameters() {
        Layer layer = Layer.of(new double[][] {{1, 2}, {3, 4}}, new double[] {5, 6}, Activations.tanh());
        assertEquals(0.0, layer.dropout());
        Layer dropping = layer.withDropout(0.25);
        assertEquals(0.25, dropping.dropout());
        assertEquals(0.0, layer.dropout(), "the original is unchanged");
        assertNotSame(layer.weights(), dropping.weights());
        assertTrue(MatrixFeatures_DDRM.isIdentical(layer.weights(), dropping.weights(), 0));
        assertEquals(0.25, dropping.copy().dropout());
        assertEquals(0.25, new Layer(layer.weights(), layer.bias(), layer.activation(), 0.25).dropout());
        Network net = Network.of(dropping, Layer.zeros(2, 1, Activations.identity()));
        assertEquals(0.25, net.copy().layer(1).dropout());
        Network other = Network.of(layer, Layer.zeros(2, 1, Activations.identity()));
        other.setParameters(net);
        assertEquals(0.0, other.layer(1).dropout(), "setParameters copies values, not the configuration");
    }

    @Test
    void predictionIgnoresTheRate() {
        Network plain = TestNets.random(5, new int[] {6, 20, 12, 3}, Activations.relu(), Activations.sigmoid(),
                Activations.softmax());
        Network dropping = TestNets.withDropout(plain, 0.9, 0.5, 0.0);
        DMatrixRMaj x = TestNets.inputs(6, 15, 6);
        DMatrixRMaj expected = plain.predict(x);
        assertTrue(MatrixFeatures_DDRM.isIdentical(expected, dropping.predict(x), 0));
        assertTrue(MatrixFeatures_DDRM.isIdentical(plain.forward(x).a(1), dropping.forward(x).a(1), 0));
        DMatrixRMaj out = new DMatrixRMaj(1, 1);
        new Predictor(dropping, Kernels.withThreads(2)).predict(x, out);
        assertTrue(MatrixFeatures_DDRM.isIdentical(expected, out, 0));
    }
}
