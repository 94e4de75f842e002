package io.github.matrixbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerTest {

    static Stream<OptimizerSpec> specs() {
        return Stream.of(Sgd.of(0.05), Sgd.of(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(0.01),
                Adam.defaults().withLr(0.01).withAmsgrad(true), AdamW.defaults().withLr(0.01),
                RmsProp.defaults().withCentered(true).withMomentum(0.5), Adagrad.defaults().withLrDecay(0.01));
    }

    private static Network net() {
        return TestNets.random(1, new int[] {3, 5, 2}, Activations.tanh(), Activations.identity());
    }

    private static void steps(Optimizer opt, Backprop engine, DMatrixRMaj x, DMatrixRMaj y, int n) {
        for (int i = 0; i < n; i++) {
            engine.compute(x, y);
            opt.step(engine.gradients());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void savedStateResumesBitIdentically(OptimizerSpec spec) {
        DMatrixRMaj x = TestNets.inputs(2, 6, 3);
        DMatrixRMaj y = TestNets.inputs(3, 6, 2);
        Network a = net();
        Optimizer oa = spec.create(a);
        Backprop ea = new Backprop(a, Losses.mse());
        steps(oa, ea, x, y, 5);
        // clone the network and the optimizer state, then continue both
        Network b = a.copy();
        Optimizer ob = spec.create(b);
        ob.restore(oa.state());
        assertEquals(5, ob.stepCount());
        steps(oa, ea, x, y, 5);
        steps(ob, new Backprop(b, Losses.mse()), x, y, 5);
        for (int l = 1; l <= 2; l++) {
            assertTrue(MatrixFeatures_DDRM.isIdentical(a.layer(l).weights(), b.layer(l).weights(), 0));
            assertTrue(MatrixFeatures_DDRM.isIdentical(a.layer(l).bias(), b.layer(l).bias(), 0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void stepRejectsGradientsOfAnotherShapeAndLeavesParametersAlone(OptimizerSpec spec) {
        Network n = net();
        Network before = n.copy();
        Optimizer opt = spec.create(n);
        Network other = TestNets.random(2, new int[] {3, 4, 2}, Activations.tanh(), Activations.identity());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> opt.step(Gradients.zerosLike(other)));
        assertTrue(e.getMessage().contains("4x3") && e.getMessage().contains("5x3"), e.getMessage());
        assertTrue(MatrixFeatures_DDRM.isIdentical(before.layer(1).weights(), n.layer(1).weights(), 0));
        assertEquals(0, opt.stepCount());
    }

    @Test
    void restoreRejectsStateOfAnotherOptimizerOrShape() {
        Optimizer adam = Adam.defaults().create(net());
        Optimizer sgd = Sgd.of(0.1).withMomentum(0.9).create(net());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.restore(sgd.state()));
        assertTrue(e.getMessage().contains("sgd") && e.getMessage().contains("adam"), e.getMessage());
        Network bigger = TestNets.random(2, new int[] {3, 6, 2}, Activations.tanh(), Activations.identity());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Adam.defaults().create(bigger).restore(adam.state()));
        assertTrue(shape.getMessage().contains("15") && shape.getMessage().contains("18"), shape.getMessage());
    }

    @Test
    void hyperparametersAreValidatedWithTheValueInTheMessage() {
        Map<String, Supplier<Object>> bad = Map.of(
                "sgd lr must be finite and >= 0 but was NaN", () -> Sgd.of(Double.NaN),
                "sgd momentum must be finite and >= 0 but was -0.5", () -> Sgd.of(0.1).withMomentum(-0.5),
                "sgd nesterov needs momentum > 0", () -> Sgd.of(0.1).withNesterov(true),
                "adam beta1 must be in [0.0, 1.0) but was 1.0", () -> Adam.defaults().withBetas(1.0, 0.999),
                "adamw weight_decay must be finite and >= 0 but was -1.0", () -> AdamW.defaults().withWeightDecay(-1),
                "rmsprop eps must be finite and >= 0 but was Infinity",
                () -> RmsProp.defaults().withEps(Double.POSITIVE_INFINITY),
                "adagrad initial_accumulator_value must be finite and >= 0 but was -0.1",
                () -> Adagrad.defaults().withInitialAccumulatorValue(-0.1),
                "sgd dampening must be in [0, 1] but was 2.0", () -> Sgd.of(0.1).withDampening(2));
        bad.forEach((message, make) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get, message);
            assertTrue(e.getMessage().startsWith(message), e.getMessage() + " should start with " + message);
        });
    }

    @Test
    void byNameRejectsUnknownNamesAndHyperparameters() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.byName("lion", Map.of()));
        assertTrue(name.getMessage().contains("lion"), name.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.byName("adam", Map.of("lr", 0.1, "betas", 0.9)));
        assertTrue(key.getMessage().contains("betas"), key.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.byName("sgd", Map.of("lr", 0.1, "nesterov", 1.0)));
        assertTrue(type.getMessage().contains("nesterov"), type.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.byName("sgd", Map.of()));
        assertTrue(missing.getMessage().contains("lr"), missing.getMessage());
        assertEquals(new Adam(0.5, 0.9, 0.999, 1e-8, 0, false, true), Optimizers.byName("adam", Map.of("lr", 0.5)));
    }

    @Test
    void weightDecayCanSpareTheBiases() {
        Network withBias = net();
        Network without = withBias.copy();
        Gradients zero = Gradients.zerosLike(withBias);
        AdamW.defaults().withLr(0.1).withWeightDecay(0.5).create(withBias).step(zero);
        AdamW.defaults().withLr(0.1).withWeightDecay(0.5).withDecayBiases(false).create(without).step(zero);
        Network original = net();
        // decoupled decay with a zero gradient: theta (1 - lr lambda) = 0.95 theta
        assertEquals(0.95 * original.layer(1).bias().get(0), withBias.layer(1).bias().get(0), 1e-15);
        assertEquals(original.layer(1).bias().get(0), without.layer(1).bias().get(0), 0.0);
        assertEquals(0.95 * original.layer(1).weights().get(0), without.layer(1).weights().get(0), 1e-15);
    }

    @Test
    void clippingByGlobalNormKeepsTheDirection() {
        Network n = net();
        Gradients g = Gradients.zerosLike(n);
        g.weights(1).set(0, 0, 3);
        g.bias(2).set(1, 0, 4);
        new ClipByGlobalNorm(1.0).apply(g);
        assertEquals(3 / (5 + 1e-6), g.weights(1).get(0, 0), 1e-15);
        assertEquals(4 / (5 + 1e-6), g.bias(2).get(1, 0), 1e-15);
        Gradients small = Gradients.zerosLike(n);
        small.weights(1).set(0, 0, 0.5);
        new ClipByGlobalNorm(1.0).apply(small);
        assertEquals(0.5, small.weights(1).get(0, 0), 0.0);
    }

    @Test
    void clippingByValueClampsEachElement() {
        Network n = net();
        Gradients g = Gradients.zerosLike(n);
        g.weights(1).set(0, 0, 3);
        g.weights(1).set(0, 1, -0.2);
        g.bias(1).set(0, 0, -7);
        new ClipByValue(0.5).apply(g);
        assertEquals(0.5, g.weights(1).get(0, 0));
        assertEquals(-0.2, g.weights(1).get(0, 1));
        assertEquals(-0.5, g.bias(1).get(0, 0));
    }

    @Test
    void chainAppliesTransformsBeforeTheUpdate() {
        Network a = net();
        Network b = a.copy();
        Gradients g = Gradients.zerosLike(a);
        g.weights(1).set(0, 0, 10);
        Optimizers.chain(Sgd.of(1.0).create(a), new ClipByValue(0.25)).step(g.copy());
        Sgd.of(1.0).create(b).step(g);
        assertEquals(b.layer(1).weights().get(0, 0) + 10 - 0.25, a.layer(1).weights().get(0, 0), 1e-12);
    }

    @Test
    void firstMomentumStepCopiesTheGradientWithoutDampening() {
        Network n = Network.of(io.github.matrixbackprop.network.Layer.zeros(1, 1, Activations.identity()));
        Optimizer opt = Sgd.of(1.0).withMomentum(0.9).withDampening(0.5).create(n);
        Gradients g = Gradients.zerosLike(n);
        g.weights(1).set(0, 0, 1.0);
        opt.step(g);
        assertEquals(-1.0, n.layer(1).weights().get(0, 0), 0.0);     // b = g
        opt.step(g);
        assertEquals(-1.0 - 1.4, n.layer(1).weights().get(0, 0), 1e-15); // b = 0.9 + 0.5
    }
}
