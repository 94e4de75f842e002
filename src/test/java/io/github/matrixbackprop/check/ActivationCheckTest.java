package io.github.matrixbackprop.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.activation.ElementwiseActivation;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationCheckTest {

    /** Mish, {@code z tanh(softplus(z))}, with a deliberately wrong derivative (the chain rule's inner factor dropped). */
    record WrongMish() implements ElementwiseActivation {
        @Override public String name() { return "wrong_mish"; }
        @Override public double value(double z) { return z * Math.tanh(Math.log1p(Math.exp(z))); }
        @Override public double derivative(double z, double a) { return Math.tanh(Math.log1p(Math.exp(z))); }
    }

    /** Mish with its true derivative and a deliberately wrong second derivative. */
    record MishWrongSecond() implements ElementwiseActivation {
        @Override public String name() { return "mish"; }
        @Override public double value(double z) { return z * Math.tanh(Math.log1p(Math.exp(z))); }

        @Override
        public double derivative(double z, double a) {
            double t = Math.tanh(Math.log1p(Math.exp(z)));
            double s = 1 / (1 + Math.exp(-z));
            return t + z * s * (1 - t * t);
        }

        @Override
        public double secondDerivative(double z, double a) {
            return 0.0;
        }
    }

    static Stream<Activation> builtIns() {
        return Stream.of(Activations.identity(), Activations.sigmoid(), Activations.tanh(), Activations.relu(),
                Activations.leakyRelu(), Activations.leakyRelu(-0.3), Activations.elu(), Activations.elu(0.5),
                Activations.softplus(), Activations.gelu(), Activations.silu(), Activations.softmax());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtIns")
    void everyBuiltInActivationAgreesWithDifferencesOfItsForwardValues(Activation f) {
        ActivationCheckReport r = ActivationCheck.check(f);
        assertTrue(r.passes(1e-7), r.toString());
        assertEquals(4, r.results().size(), r.toString());
        assertTrue(r.notChecked().isEmpty(), r.toString());
    }

    @Test
    void aWrongDerivativeFailsTheActivationCheckAndFiniteDifferencesButNotTheJacobianChain() {
        ActivationCheckReport r = ActivationCheck.check(new WrongMish());
        assertTrue(r.maxError() > 1e-2, r.toString());
        assertTrue(r.results().get(0).error() > 1e-2, "the Jacobian itself is wrong: " + r);
        assertTrue(r.notChecked().contains("applyJacobianTransposeDirectional"), r.toString());

        Network net = TestNets.random(3, new int[] {3, 4, 2}, new WrongMish(), Activations.identity());
        DMatrixRMaj x = TestNets.inputs(4, 5, 3);
        DMatrixRMaj y = TestNets.inputs(5, 5, 2);
        // the chain is built from the same wrong derivative: it agrees with the engine, as documented
        assertTrue(GradientCheck.jacobianChain().check(net, Losses.mse(), x, y).passes(1e-12));
        assertFalse(GradientCheck.finiteDifferences().check(net, Losses.mse(), x, y).passes(1e-4));
    }

    @Test
    void aWrongSecondDerivativeIsCaughtWhileTheFirstPasses() {
        ActivationCheckReport r = ActivationCheck.check(new MishWrongSecond());
        assertTrue(r.results().get(0).error() < 1e-7, r.toString());
        ActivationCheckReport.Result second = r.results().get(3);
        assertTrue(second.operation().startsWith("applyJacobianTransposeDirectional"), second.toString());
        assertTrue(second.error() > 1e-2, r.toString());
    }

    @Test
    void theReportNamesTheActivationAndTheWorstPlace() {
        String text = ActivationCheck.check(new WrongMish()).toString();
        assertTrue(text.contains("wrong_mish"), text);
        assertTrue(text.contains("jacobian: J_f(z): max rel error"), text);
    }

    @Test
    void nonFiniteOrEmptyPointsAreRejected() {
        DMatrixRMaj z = new DMatrixRMaj(new double[][] {{1, Double.NaN}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActivationCheck.check(Activations.tanh(), z, 1e-6));
        assertTrue(e.getMessage().contains("row 0, column 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ActivationCheck.check(Activations.tanh(), new DMatrixRMaj(2, 2), 0.0));
    }
}
