package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The weight column of a dataset: validated where it enters, carried with its rows. */
class SampleWeightsDataTest {

    private static Dataset data() {
        return Dataset.of(new double[][] {{1, 10}, {2, 20}, {3, 30}, {4, 40}}, new double[][] {{0}, {1}, {0}, {1}});
    }

    @Test
    void weightsAreValidatedNamingTheRow() {
        Dataset d = data();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.withSampleWeights(1, -2, 1, 1));
        assertEquals("sample weights has the value -2.0 at row 1 but every weight must be finite and >= 0",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withSampleWeights(1, 1, Double.NaN, 1));
        assertEquals("sample weights has the value NaN at row 2 but every weight must be finite and >= 0",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withSampleWeights(0, 0, 0, 0));
        assertEquals("sample weights are all 0 (over 4 rows) but must have a positive sum", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withSampleWeights(1, 2, 3));
        assertEquals("sample weights is 3x1 but features is 4x2 (one weight per sample (row): the weights must be"
                + " 4x1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withSampleWeights(new DMatrixRMaj(1, 4)));
        assertTrue(e.getMessage().startsWith("sample weights is 1x4 but features is 4x2"), e.getMessage());
        assertFalse(d.hasSampleWeights());
    }

    @Test
    void weightsFollowTheirRows() {
        Dataset d = data().withSampleWeights(0.5, 1, 2, 4);
        assertTrue(d.hasSampleWeights());
        Dataset part = d.rows(new int[] {3, 0, 2}, 0, 3);
        assertArrayEquals(new double[] {40, 10, 30}, new double[] {part.features().get(0, 1),
                part.features().get(1, 1), part.features().get(2, 1)}, 0.0);
        assertArrayEquals(new double[] {4, 0.5, 2}, part.sampleWeights().data, 0.0);
        DMatrixRMaj x = new DMatrixRMaj(1, 1);
        DMatrixRMaj y = new DMatrixRMaj(1, 1);
        DMatrixRMaj s = new DMatrixRMaj(1, 1);
        d.gather(new int[] {2, 1}, 0, 2, x, y, s);
        assertEquals(2, s.numRows);
        assertArrayEquals(new double[] {2, 1}, s.data, 0.0);
        data().gather(new int[] {2, 1}, 0, 2, x, y, s); // no weights: all 1
        assertArrayEquals(new double[] {1, 1}, s.data, 0.0);
        assertSame(d.sampleWeights(), Scaler.standardize(d.features()).apply(d).sampleWeights());
        TrainTest split = Splits.random(d.withSampleWeights(1, 2, 3, 4), 0.5, 3);
        double total = 0;
        for (Dataset part2 : new Dataset[] {split.train(), split.test()}) {
            for (int i = 0; i < part2.size(); i++) {
                // row r has the feature r + 1 and the weight r + 1
                assertEquals(part2.features().get(i, 0), part2.sampleWeights().get(i, 0), 0.0);
                total += part2.sampleWeights().get(i, 0);
            }
        }
        assertEquals(10, total, 0.0);
        assertNull(d.withSampleWeights((DMatrixRMaj) null).sampleWeights());
    }

    @Test
    void gatherRefusesSharedOrOwnMatricesBeforeWriting() {
        Dataset d = data().withSampleWeights(1, 1, 1, 1);
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{9, 9}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{8}});
        assertThrows(IllegalArgumentException.class, () -> d.gather(new int[] {0}, 0, 1, x, y, y));
        assertThrows(IllegalArgumentException.class, () -> d.gather(new int[] {0}, 0, 1, x, y, d.sampleWeights()));
        assertThrows(IllegalArgumentException.class,
                () -> d.gather(new int[] {0}, 0, 1, d.sampleWeights(), y, new DMatrixRMaj(1, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> d.gather(new int[] {9}, 0, 1, x, y, new DMatrixRMaj(1, 1)));
        assertArrayEquals(new double[] {9, 9}, x.data, 0.0);
        assertArrayEquals(new double[] {8}, y.data, 0.0);
    }
}
