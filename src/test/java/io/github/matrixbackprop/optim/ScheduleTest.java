package io.github.matrixbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every schedule's rate per epoch against its formula, evaluated independently here. */
class ScheduleTest {

    @Test
    void constant() {
        for (int e = 0; e < 5; e++) {
            assertEquals(0.3, LearningRateSchedule.constant().learningRate(0.3, e));
        }
    }

    @Test
    void stepDecay() {
        LearningRateSchedule s = LearningRateSchedule.step(3, 0.5);
        double[] expected = {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25};
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], s.learningRate(1.0, e), 1e-15, "epoch " + e);
        }
    }

    @Test
    void exponentialDecay() {
        LearningRateSchedule s = LearningRateSchedule.exponential(0.9);
        double lr = 0.2;
        for (int e = 0; e < 10; e++) {
            assertEquals(lr, s.learningRate(0.2, e), 1e-15, "epoch " + e);
            lr *= 0.9;
        }
    }

    @Test
    void cosineAnnealing() {
        LearningRateSchedule s = LearningRateSchedule.cosine(4, 0.1);
        assertEquals(1.0, s.learningRate(1.0, 0), 1e-15);
        assertEquals(0.1 + 0.9 * (1 + Math.sqrt(0.5)) / 2, s.learningRate(1.0, 1), 1e-15);
        assertEquals(0.55, s.learningRate(1.0, 2), 1e-15);
        assertEquals(0.1, s.learningRate(1.0, 4), 1e-15);
        assertEquals(1.0, s.learningRate(1.0, 8), 1e-15); // periodic, as torch's closed form
    }

    @Test
    void linearWarmupThenInner() {
        LearningRateSchedule s = LearningRateSchedule.warmup(4, 0.2, LearningRateSchedule.exponential(0.5));
        double[] expected = {0.2, 0.4, 0.6, 0.8, 1.0, 0.5, 0.25};
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], s.learningRate(1.0, e), 1e-15, "epoch " + e);
        }
    }

    @Test
    void invalidSchedulesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.step(0, 0.5));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(-1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.warmup(3, 0, LearningRateSchedule.constant()));
        assertThrows(IllegalArgumentException.class, () -> new ReduceOnPlateau(true, 1.5, 1, 0, 0, 0));
    }

    @Test
    void reduceOnPlateauFollowsTorchSemantics() {
        ReduceOnPlateau.Tracker t = ReduceOnPlateau.defaults().withPatience(2).withFactor(0.5).withCooldown(1)
                .withMinLr(0.2).tracker();
        // metrics: improve, improve, flat x3 -> reduction after the 3rd bad epoch (bad > patience)
        double[] metrics = {1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9};
        double[] expectedScale = {1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25};
        for (int e = 0; e < metrics.length; e++) {
            double lr = t.observe(metrics[e], 1.0);
            assertEquals(expectedScale[e], t.scale(), 0.0, "epoch " + e);
            assertEquals(Math.max(0.2, expectedScale[e]), lr, 0.0, "epoch " + e);
        }
    }

    @Test
    void reduceOnPlateauNeedsARelativeImprovement() {
        ReduceOnPlateau.Tracker t = ReduceOnPlateau.defaults().withPatience(0).tracker();
        t.observe(1.0, 1.0);
        t.observe(0.99995, 1.0); // not better than 1.0 * (1 - 1e-4): a bad epoch, reduce
        assertEquals(0.1, t.scale(), 1e-15);
    }
}
