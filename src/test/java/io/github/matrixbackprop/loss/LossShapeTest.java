package io.github.matrixbackprop.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public operation of every loss rejects a matrix of the wrong shape with a message that
 * names the loss, both roles and both shapes, before it writes anything: the losses are public
 * API and may be called without the engine's own checks in front of them.
 */
class LossShapeTest {

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of(Losses.halfSse(), Activations.tanh()),
                Arguments.of(Losses.mse(), Activations.identity()),
                Arguments.of(Losses.huber(), Activations.identity()),
                Arguments.of(Losses.softmaxCrossEntropy(), Activations.softmax()),
                Arguments.of(Losses.binaryCrossEntropy(), Activations.sigmoid()),
                Arguments.of(Losses.binaryCrossEntropy(), Activations.tanh()));
    }

    /** The good matrices: 3 units x 2 samples, targets valid for every loss (softmax-CE and BCE included). */
    record Batch(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y) {
        static Batch of(Activation f) {
            DMatrixRMaj z = TestNets.uniform(new SplittableRandom(5), 3, 2, -1, 1);
            DMatrixRMaj a = new DMatrixRMaj(3, 2);
            f.forward(z, a);
            DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1, 0}, {0, 0}, {0, 1}});
            return new Batch(z, a, y);
        }
    }

    static void rejects(Loss loss, String roleA, String roleB, String shapes, Executable call,
                        DMatrixRMaj... untouched) {
        double[][] before = new double[untouched.length][];
        for (int i = 0; i < untouched.length; i++) {
            before[i] = untouched[i].data.clone();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(loss.name() + ": " + roleA + " is 3x2 but " + roleB + " is " + shapes
                + " (one sample per column; they must have the same shape)", e.getMessage());
        for (int i = 0; i < untouched.length; i++) {
            assertArrayEquals(before[i], untouched[i].data, "argument " + i + " was modified");
        }
    }

    @ParameterizedTest(name = "{0} after {1}")
    @MethodSource("losses")
    void wrongTargetsOutputsAndDirectionsAreNamed(Loss loss, Activation f) {
        Batch b = Batch.of(f);
        DMatrixRMaj narrow = new DMatrixRMaj(3, 1);
        DMatrixRMaj shortY = new DMatrixRMaj(2, 2);
        DMatrixRMaj out = new DMatrixRMaj(3, 2);
        String z = "the potential z^L";
        String a = "the output a^L";
        // the targets
        rejects(loss, f instanceof io.github.matrixbackprop.activation.Softmax ? z : a, "the targets y", "2x2",
                () -> loss.cost(f, b.z(), b.a(), shortY), b.z(), b.a(), shortY);
        rejects(loss, a, "the targets y", "2x2", () -> loss.gradient(b.a(), shortY, out), b.a(), shortY, out);
        rejects(loss, a, "the targets y", "2x2", () -> loss.hessianTimes(b.a(), shortY, b.z(), out), b.a(), shortY);
        // the outputs the caller provides
        rejects(loss, a, "the gradient g", "3x1", () -> loss.gradient(b.a(), b.y(), narrow), b.a(), b.y(), narrow);
        rejects(loss, a, "Delta^L", "3x1", () -> loss.outputDelta(f, b.z(), b.a(), b.y(), narrow), b.z(), b.a(),
                b.y(), narrow);
        // the directions of the second-order products
        rejects(loss, a, "the direction v", "3x1", () -> loss.hessianTimes(b.a(), b.y(), narrow, out), b.a(),
                b.y(), narrow);
        rejects(loss, z, "the direction R{z^L}", "3x1",
                () -> loss.outputDeltaDirectional(f, b.z(), b.a(), b.y(), narrow, false, out), b.z(), b.a(), b.y(),
                narrow);
        rejects(loss, a, "the targets y", "2x2",
                () -> loss.outputDeltaDirectional(f, b.z(), b.a(), shortY, b.z(), true, out), b.z(), b.a(), shortY);
    }
}
