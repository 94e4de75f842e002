package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private final DMatrixRMaj predictions = new DMatrixRMaj(new double[][] {
        {0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.3, 0.3, 0.4}, {0.5, 0.4, 0.1}});
    private final DMatrixRMaj targets = new DMatrixRMaj(new double[][] {
        {1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}});

    @Test
    void accuracyAndConfusion() {
        assertEquals(0.5, Metrics.accuracy(predictions, targets));
        ConfusionMatrix c = Metrics.confusionMatrix(predictions, targets);
        assertEquals(3, c.classes());
        assertEquals(1, c.count(0, 0));
        assertEquals(1, c.count(1, 1));
        assertEquals(1, c.count(1, 2));
        assertEquals(1, c.count(2, 0));
        assertEquals(0.5, c.accuracy());
    }

    @Test
    void singleOutputThresholdsAtOneHalf() {
        DMatrixRMaj p = new DMatrixRMaj(new double[][] {{0.9}, {0.2}, {0.51}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1}, {1}, {0}});
        assertEquals(1.0 / 3, Metrics.accuracy(p, y), 1e-15);
        assertEquals(2, Metrics.confusionMatrix(p, y).classes());
    }

    @Test
    void regressionErrors() {
        DMatrixRMaj p = new DMatrixRMaj(new double[][] {{1, 2}, {3, 4}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1, 0}, {4, 4}});
        assertEquals((0 + 4 + 1 + 0) / 4.0, Metrics.meanSquaredError(p, y));
        assertEquals((0 + 2 + 1 + 0) / 4.0, Metrics.meanAbsoluteError(p, y));
    }

    @Test
    void shapesMustMatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(predictions, new DMatrixRMaj(3, 3)));
        assertTrue(e.getMessage().contains("4x3") && e.getMessage().contains("3x3"), e.getMessage());
    }
}
