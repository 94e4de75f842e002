package io.github.matrixbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.network.Network;
import org.junit.jupiter.api.Test;

/** Every withX changes exactly its own hyperparameter; names; the chained optimizer delegates. */
class SpecTest {

    @Test
    void withersSetTheirOwnField() {
        assertEquals(new Sgd(0.3, 0.9, 0.1, false, 0.2, false),
                Sgd.of(0.1).withLr(0.3).withMomentum(0.9).withDampening(0.1).withWeightDecay(0.2)
                        .withDecayBiases(false));
        assertTrue(Sgd.of(0.1).withMomentum(0.5).withNesterov(true).nesterov());
        assertEquals(new Adam(0.2, 0.8, 0.95, 1e-6, 0.01, true, false), Adam.defaults().withLr(0.2)
                .withBetas(0.8, 0.95).withEps(1e-6).withWeightDecay(0.01).withAmsgrad(true).withDecayBiases(false));
        assertEquals(new AdamW(0.2, 0.8, 0.95, 1e-6, 0.3, true, false), AdamW.defaults().withLr(0.2)
                .withBetas(0.8, 0.95).withEps(1e-6).withWeightDecay(0.3).withAmsgrad(true).withDecayBiases(false));
        assertEquals(new RmsProp(0.2, 0.9, 1e-6, 0.01, 0.5, true, false), RmsProp.defaults().withLr(0.2)
                .withAlpha(0.9).withEps(1e-6).withWeightDecay(0.01).withMomentum(0.5).withCentered(true)
                .withDecayBiases(false));
        assertEquals(new Adagrad(0.2, 0.1, 0.01, 0.5, 1e-6, false), Adagrad.defaults().withLr(0.2).withLrDecay(0.1)
                .withWeightDecay(0.01).withInitialAccumulatorValue(0.5).withEps(1e-6).withDecayBiases(false));
        assertEquals(new ReduceOnPlateau(true, 0.5, 3, 1e-4, 2, 0.01),
                ReduceOnPlateau.defaults().withFactor(0.5).withPatience(3).withCooldown(2).withMinLr(0.01));
    }

    @Test
    void namesMatchByName() {
        for (OptimizerSpec s : new OptimizerSpec[] {Sgd.of(0.1), Adam.defaults(), AdamW.defaults(), RmsProp.defaults(),
            Adagrad.defaults()}) {
            assertTrue(Optimizers.NAMES.contains(s.name()), s.name());
            assertEquals(s.name(), s.create(net()).state().optimizer());
        }
    }

    private static Network net() {
        return TestNets.random(1, new int[] {2, 3, 1}, Activations.tanh(), Activations.identity());
    }

    @Test
    void chainedOptimizerDelegatesEverything() {
        Network n = net();
        Optimizer inner = Adam.defaults().create(n);
        Optimizer chained = Optimizers.chain(inner, new ClipByValue(1));
        assertTrue(chained.network() == n);
        chained.setLearningRate(0.05);
        assertEquals(0.05, inner.learningRate());
        assertEquals(0.05, chained.learningRate());
        chained.step(Gradients.zerosLike(n));
        assertEquals(1, chained.stepCount());
        OptimizerState s = chained.state();
        assertEquals(1, s.step());
        Optimizer other = Adam.defaults().create(net());
        Optimizers.chain(other).restore(s);
        assertEquals(1, other.stepCount());
        assertEquals(0.05, other.learningRate());
    }

    @Test
    void plateauInMaximiseModeWaitsForIncreases() {
        ReduceOnPlateau.Tracker t = new ReduceOnPlateau(false, 0.5, 1, 0.0, 0, 0).tracker();
        t.observe(0.5, 1.0);
        t.observe(0.6, 1.0);
        assertEquals(1.0, t.scale());
        t.observe(0.6, 1.0);
        assertEquals(1.0, t.scale());
        t.observe(0.55, 1.0); // second epoch without an increase: more than patience 1
        assertEquals(0.5, t.scale());
        assertFalse(t.apply(1.0) > 0.5);
    }

    @Test
    void dpSgdCountsSteps() {
        Network n = net();
        DpSgd.Step step = new DpSgd(0.1, 1, 0, 1).create(n);
        assertEquals(0, step.stepCount());
        var ps = new io.github.matrixbackprop.backprop.PerSampleGradients(
                new io.github.matrixbackprop.backprop.Backprop(n, io.github.matrixbackprop.loss.Losses.mse()));
        ps.compute(TestNets.inputs(1, 3, 2), TestNets.inputs(2, 3, 1));
        step.step(ps);
        assertEquals(1, step.stepCount());
    }
}
