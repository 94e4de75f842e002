package io.github.matrixbackprop.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.matrixbackprop.activation.Activations;
import org.junit.jupiter.api.Test;

/** The public entry points of the network package answer bad arguments with the library's own messages. */
class EntryPointMessagesTest {

    private static Layer layer() {
        return Layer.of(new double[][] {{1, 2}}, new double[] {0}, Activations.identity());
    }

    @Test
    void networkOfWithANullLayerNamesIt() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Network.of(layer(), null));
        assertEquals("layer 2 must not be null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> Network.of((Layer[]) null));
        assertEquals("layers must not be null", e.getMessage());
    }

    @Test
    void layerOfWithANullOrRaggedRowNamesIt() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Layer.of(new double[][] {{1, 2}, null}, new double[] {0, 0}, Activations.identity()));
        assertEquals("W row 1 must not be null", e.getMessage());
        IllegalArgumentException i = assertThrows(IllegalArgumentException.class,
                () -> Layer.of(new double[][] {{1, 2}, {3}}, new double[] {0, 0}, Activations.identity()));
        assertEquals("W row 1 has 1 numbers but row 0 has 2", i.getMessage());
    }

    @Test
    void setParametersFromNullNamesTheSource() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> layer().setParameters(null));
        assertEquals("source layer must not be null", e.getMessage());
        Network net = Network.of(layer());
        e = assertThrows(NullPointerException.class, () -> net.setParameters(null));
        assertEquals("source network must not be null", e.getMessage());
    }
}
