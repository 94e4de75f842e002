package io.github.matrixbackprop.loss;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.activation.ElementwiseActivation;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.network.Network;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Losses refuse targets and output activations they are not defined for, up front and by name. */
class LossPairingTest {

    @Test
    void softmaxCrossEntropyRefusesATargetRowThatIsNotADistribution() {
        // columns are samples: sample 1 is {2, 0, 0}
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1, 2}, {0, 0}, {0, 0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy().checkTargets(y));
        assertEquals("softmax_cross_entropy: the targets of sample 1 sum to 2.0 but must be a probability"
                + " distribution (sum 1 within 1.0E-6)", e.getMessage());
        DMatrixRMaj zeros = new DMatrixRMaj(3, 1);
        assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy().checkTargets(zeros));
        DMatrixRMaj soft = new DMatrixRMaj(new double[][] {{0.2}, {0.3}, {0.5 + 1e-7}});
        assertDoesNotThrow(() -> Losses.softmaxCrossEntropy().checkTargets(soft));
    }

    @Test
    void theEngineRefusesSuchATargetBeforeComputing() {
        Network net = Network.builder(2).dense(3, Activations.softmax()).seed(1).build();
        Backprop engine = new Backprop(net, Losses.softmaxCrossEntropy());
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 2}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{2, 0, 0}});
        assertThrows(IllegalArgumentException.class, () -> engine.compute(x, y));
    }

    @Test
    void binaryCrossEntropyRefusesEveryBuiltInOutputWhoseValuesCanLeaveTheUnitInterval() {
        for (String name : Activations.NAMES) {
            Activation f = Activations.byName(name);
            if (name.equals("sigmoid") || name.equals("softmax")) {
                assertDoesNotThrow(() -> Losses.binaryCrossEntropy().checkOutputActivation(f));
                continue;
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Losses.binaryCrossEntropy().checkOutputActivation(f), name);
            assertTrue(e.getMessage().contains("the output activation is " + name), e.getMessage());
        }
        Network relu = Network.builder(2).dense(1, Activations.relu()).seed(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Backprop(relu, Losses.binaryCrossEntropy()));
        assertTrue(e.getMessage().startsWith("binary_cross_entropy needs outputs in [0, 1]"), e.getMessage());
    }

    /** A user's activation with values in (0, 1): accepted, as documented. */
    record HalfSigmoid() implements ElementwiseActivation {
        @Override public String name() { return "half_sigmoid"; }
        @Override public double value(double z) { return 0.5 / (1 + Math.exp(-z)); }
        @Override public double derivative(double z, double a) { return 2 * a * (0.5 - a); }
    }

    @Test
    void binaryCrossEntropyAcceptsAUsersActivation() {
        assertDoesNotThrow(() -> Losses.binaryCrossEntropy().checkOutputActivation(new HalfSigmoid()));
    }
}
