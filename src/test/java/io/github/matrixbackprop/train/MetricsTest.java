package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

    @Test
    void precisionRecallAndF1CountOneVsRestWithZeroForEmptyDenominators() {
        // classes of the rows: predicted {0, 1, 2, 0}, actual {0, 1, 1, 2}
        ClassificationReport r = Metrics.precisionRecallF1(predictions, targets);
        assertEquals(new ClassificationReport.Counts(1, 1, 0), r.counts(0));
        assertEquals(new ClassificationReport.Counts(1, 0, 1), r.counts(1));
        assertEquals(new ClassificationReport.Counts(0, 1, 1), r.counts(2));
        assertEquals(0.5, r.precision(0), 0.0);
        assertEquals(1.0, r.recall(0), 0.0);
        assertEquals(2 * 0.5 / 1.5, r.f1(0), 1e-15);
        assertEquals(0.0, r.f1(2), 0.0); // P = R = 0: F1 is 0, not NaN
        assertEquals(0.5, r.accuracy(), 0.0);
        assertEquals((0.5 + 1 + 0) / 3, r.macroPrecision(), 1e-15);
        assertEquals((1 * 0.5 + 2 * 1 + 1 * 0) / 4.0, r.weightedPrecision(), 1e-15);

        // a class that is never predicted (precision 0/0) and one without samples (recall 0/0)
        DMatrixRMaj p = new DMatrixRMaj(new double[][] {{0.9, 0.1, 0}, {0.8, 0.2, 0}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1, 0, 0}, {0, 1, 0}});
        ClassificationReport z = Metrics.precisionRecallF1(p, y);
        assertEquals(0.0, z.precision(1), 0.0);
        assertEquals(0.0, z.recall(2), 0.0);
        assertEquals(0, z.support(2));
        assertEquals((0.5 + 0 + 0) / 3, z.macroPrecision(), 1e-15); // every class counts, also class 2
        assertEquals(new ClassificationReport.Counts(0, 0, 0),
                new ClassificationReport(List.of(new ClassificationReport.Counts(0, 0, 0)), true).counts(0));
        assertEquals(0.0, new ClassificationReport(List.of(new ClassificationReport.Counts(0, 3, 0)), true)
                .weightedF1(), 0.0);
    }

    @Test
    void multiLabelReportCountsEveryUnitAndHasNoAccuracy() {
        DMatrixRMaj p = new DMatrixRMaj(new double[][] {{0.9, 0.2, 0.7}, {0.1, 0.6, 0.4}, {0.8, 0.5, 0.6}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1, 0, 1}, {0, 0, 1}, {1, 1, 0}});
        ClassificationReport r = Metrics.precisionRecallF1(p, y, AccuracyKind.HAMMING);
        assertTrue(r.multiLabel());
        assertEquals(new ClassificationReport.Counts(2, 0, 0), r.counts(0));
        assertEquals(new ClassificationReport.Counts(0, 1, 1), r.counts(1)); // 0.5 is not above 0.5
        assertEquals(new ClassificationReport.Counts(1, 1, 1), r.counts(2));
        assertEquals(3.0 / 5, r.microPrecision(), 1e-15);
        assertEquals(3.0 / 5, r.microRecall(), 1e-15);
        assertThrows(IllegalStateException.class, r::accuracy);
        assertTrue(r.toString().contains("   micro avg     0.6000    0.6000    0.6000         5"), r.toString());
    }

    @Test
    void reportTableHasTheLayoutOfClassificationReport() {
        String table = Metrics.precisionRecallF1(predictions, targets).table(List.of("setosa", "versicolor",
                "virginica"));
        String nl = System.lineSeparator();
        assertEquals(String.join(nl,
                "              precision    recall  f1-score   support",
                "",
                "      setosa     0.5000    1.0000    0.6667         1",
                "  versicolor     1.0000    0.5000    0.6667         2",
                "   virginica     0.0000    0.0000    0.0000         1",
                "",
                "    accuracy                         0.5000         4",
                "   macro avg     0.5000    0.5000    0.4444         4",
                "weighted avg     0.6250    0.5000    0.5000         4") + nl, table);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.precisionRecallF1(predictions, targets).table(List.of("a", "b")));
        assertEquals("2 class names for a report of 3 classes", e.getMessage());
    }

    @Test
    void binaryOutputsHaveTwoClassesAndNeedOneColumn() {
        DMatrixRMaj p = new DMatrixRMaj(new double[][] {{0.9}, {0.2}, {0.51}, {0.4}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1}, {1}, {0}, {0}});
        ClassificationReport r = Metrics.precisionRecallF1(p, y, AccuracyKind.BINARY);
        assertEquals(2, r.classes().size());
        assertEquals(new ClassificationReport.Counts(1, 1, 1), r.counts(0));
        assertEquals(new ClassificationReport.Counts(1, 1, 1), r.counts(1));
        assertEquals(0.5, Metrics.accuracy(p, y, AccuracyKind.BINARY), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(predictions, targets, AccuracyKind.BINARY));
        assertEquals("binary accuracy needs one output column (one sigmoid unit) but the predictions are 4x3",
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.precisionRecallF1(predictions, targets, AccuracyKind.BINARY));
    }

    @Test
    void rocAucIsTheMannWhitneyStatisticWithHalfTies() {
        // pairs (positive, negative): 0.8>0.1, 0.8=0.8 (1/2), 0.8>0.3; 0.3>0.1, 0.3<0.8, 0.3=0.3 (1/2)
        DMatrixRMaj s = new DMatrixRMaj(new double[][] {{0.8}, {0.3}, {0.1}, {0.8}, {0.3}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1}, {1}, {0}, {0}, {0}});
        assertEquals((1 + 0.5 + 1 + 1 + 0 + 0.5) / 6, Metrics.rocAuc(s, y), 1e-15);
        // -0.0 and 0.0 are one score: a tie
        DMatrixRMaj z = new DMatrixRMaj(new double[][] {{-0.0}, {0.0}});
        assertEquals(0.5, Metrics.rocAuc(z, new DMatrixRMaj(new double[][] {{1}, {0}})), 0.0);
    }

    @Test
    void rocAucRefusesOneClassSeveralColumnsAndNonFiniteScores() {
        DMatrixRMaj s = new DMatrixRMaj(new double[][] {{0.8}, {0.3}, {0.1}});
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> Metrics.rocAuc(s, new DMatrixRMaj(new double[][] {{1}, {1}, {0.7}})));
        assertEquals("ROC AUC needs samples of both classes but all 3 targets are positive (above 0.5)",
                one.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Metrics.rocAuc(s, new DMatrixRMaj(3, 1)));
        assertTrue(none.getMessage().contains("all 3 targets are negative"), none.getMessage());
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> Metrics.rocAuc(predictions, targets));
        assertEquals("ROC AUC needs one score column (one sigmoid unit) but the scores are 4x3", wide.getMessage());
        DMatrixRMaj nan = new DMatrixRMaj(new double[][] {{0.8}, {Double.NaN}, {0.1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.rocAuc(nan, new DMatrixRMaj(new double[][] {{1}, {0}, {0}})));
        assertEquals("ROC AUC: scores has the non-finite value NaN at row 1, column 0", e.getMessage());
    }
}
