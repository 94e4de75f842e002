package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;

class DataTest {

    @Test
    void bundledIrisAndDigitsHaveTheirKnownShapeAndClassCounts() {
        LabeledData iris = BundledDatasets.iris();
        assertEquals(150, iris.dataset().size());
        assertEquals(4, iris.dataset().featureCount());
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classNames());
        assertArrayEquals(new int[] {50, 50, 50}, counts(iris.dataset(), 3));
        assertEquals(5.1, iris.dataset().features().get(0, 0));
        LabeledData digits = BundledDatasets.digits();
        assertEquals(1797, digits.dataset().size());
        assertEquals(64, digits.dataset().featureCount());
        assertEquals(10, digits.classNames().size());
        // the UCI optdigits test set as scikit-learn ships it: 178, 182, 177, 183, 181, 182, 181, 179, 174, 180
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, counts(digits.dataset(), 10));
        double max = 0;
        for (double v : digits.dataset().features().data) {
            max = Math.max(max, v);
        }
        assertEquals(16.0, max);
    }

    private static int[] counts(Dataset d, int classes) {
        int[] c = new int[classes];
        for (int k : Labels.classes(d.targets())) {
            c[k]++;
        }
        return c;
    }

    @Test
    void stratifiedSplitKeepsClassProportionsAndIsSeeded() {
        Dataset iris = BundledDatasets.iris().dataset();
        TrainTest a = Splits.stratified(iris, 0.2, 7);
        assertArrayEquals(new int[] {10, 10, 10}, counts(a.test(), 3));
        assertArrayEquals(new int[] {40, 40, 40}, counts(a.train(), 3));
        TrainTest b = Splits.stratified(iris, 0.2, 7);
        assertTrue(MatrixFeatures_DDRM.isIdentical(a.test().features(), b.test().features(), 0));
        TrainTest c = Splits.stratified(iris, 0.2, 8);
        assertTrue(!MatrixFeatures_DDRM.isIdentical(a.test().features(), c.test().features(), 0));
        TrainTest r = Splits.random(iris, 0.3, 1);
        assertEquals(45, r.test().size());
        assertEquals(105, r.train().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.random(iris, 1.0, 1));
        assertTrue(e.getMessage().contains("1.0"), e.getMessage());
    }

    @Test
    void scalersAreFittedOnTrainingDataOnly() {
        DMatrixRMaj train = new DMatrixRMaj(new double[][] {{1, 10, 5}, {3, 20, 5}});
        Scaler s = Scaler.standardize(train);
        DMatrixRMaj t = s.apply(train);
        assertEquals(-1.0, t.get(0, 0), 1e-15);
        assertEquals(1.0, t.get(1, 1), 1e-15);
        assertEquals(0.0, t.get(0, 2)); // a constant column keeps scale 1
        DMatrixRMaj other = s.apply(new DMatrixRMaj(new double[][] {{5, 15, 6}}));
        assertEquals(3.0, other.get(0, 0), 1e-15);
        assertEquals(0.0, other.get(0, 1), 1e-15);
        Scaler mm = Scaler.minMax(train);
        assertEquals(0.5, mm.apply(new DMatrixRMaj(new double[][] {{2, 15, 5}})).get(0, 1), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.apply(new DMatrixRMaj(1, 2)));
        assertTrue(e.getMessage().contains("1x2") && e.getMessage().contains("3 columns"), e.getMessage());
    }

    @Test
    void labelsRoundTripAndBadLabelsAreNamed() {
        int[] labels = {2, 0, 1, 2};
        assertArrayEquals(labels, Labels.classes(Labels.oneHot(labels, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Labels.oneHot(new int[] {0, 3}, 3));
        assertEquals("label 3 of sample 1 is outside 0..2", e.getMessage());
    }

    @Test
    void datasetChecksRowsAndGathers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new DMatrixRMaj(3, 2), new DMatrixRMaj(4, 1)));
        assertTrue(e.getMessage().contains("3x2") && e.getMessage().contains("4x1"), e.getMessage());
        Dataset d = new Dataset(TestNets.inputs(1, 5, 2), TestNets.inputs(2, 5, 1));
        Dataset sub = d.rows(new int[] {4, 1}, 0, 2);
        assertEquals(d.features().get(4, 1), sub.features().get(0, 1));
        assertThrows(IllegalArgumentException.class, () -> d.rows(new int[] {5}, 0, 1));
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> d.gather(new int[] {0, 1}, 1, 3, new DMatrixRMaj(1, 1), new DMatrixRMaj(1, 1)));
        assertEquals("the range [1, 3) does not fit in 2 row indices", range.getMessage());
    }
}
