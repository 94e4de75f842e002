package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Non-finite data is rejected where it enters; entry points give the library's own messages. */
class DatasetValidationTest {

    @Test
    void aDatasetRejectsNonFiniteFeaturesAndTargetsNamingRowAndColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new double[][] {{1, 2}, {3, Double.NaN}}, new double[][] {{0}, {1}}));
        assertEquals("features has the non-finite value NaN at row 1, column 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new double[][] {{1, 2}, {3, 4}}, new double[][] {{Double.NEGATIVE_INFINITY}, {1}}));
        assertEquals("targets has the non-finite value -Infinity at row 0, column 0", e.getMessage());
    }

    @Test
    void raggedOrNullRowsGetTheLibrarysMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new double[][] {{1, 2}, {3}}, new double[][] {{0}, {1}}));
        assertEquals("features row 1 has 1 numbers but row 0 has 2", e.getMessage());
        NullPointerException n = assertThrows(NullPointerException.class,
                () -> Dataset.of(new double[][] {{1, 2}, null}, new double[][] {{0}, {1}}));
        assertEquals("features row 1 must not be null", n.getMessage());
        n = assertThrows(NullPointerException.class, () -> Dataset.of(null, new double[][] {{0}}));
        assertEquals("features must not be null", n.getMessage());
    }

    @Test
    void rowsWithAReversedRangeIsTheLibrarysMessage() {
        Dataset d = Dataset.of(new double[][] {{1}, {2}, {3}}, new double[][] {{0}, {1}, {0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.rows(new int[] {0, 1, 2}, 2, 0));
        assertEquals("the range [2, 0) does not fit in 3 row indices", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.rows(new int[] {0, 7}, 0, 2));
        assertEquals("row index 7 at position 1 is outside 0..2", e.getMessage());
    }

    @Test
    void gatherChecksEveryIndexBeforeWritingAnything() {
        Dataset d = Dataset.of(new double[][] {{1}, {2}, {3}}, new double[][] {{0}, {1}, {0}});
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{9}, {9}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{8}, {8}});
        assertThrows(IllegalArgumentException.class, () -> d.gather(new int[] {2, -1}, 0, 2, x, y));
        assertArrayEquals(new double[] {9, 9}, x.data, 0.0);
        assertArrayEquals(new double[] {8, 8}, y.data, 0.0);
        assertEquals(2, x.numRows);
        assertThrows(IllegalArgumentException.class, () -> d.gather(new int[] {0}, 0, 1, d.features(), y));
    }

    @Test
    void aScalerRejectsZeroNanAndInfiniteScalesAndShifts() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Scaler(new double[] {0, 0}, new double[] {1, bad}));
            assertEquals("the scale of column 1 must be finite and > 0 but was " + bad, e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Scaler(new double[] {Double.NaN}, new double[] {1}));
        assertEquals("the shift of column 0 must be finite but was NaN", e.getMessage());
    }

    @Test
    void fittingAScalerRejectsNonFiniteDataNamingRowAndColumn() {
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 2}, {Double.NaN, 4}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scaler.standardize(x));
        assertEquals("training features has the non-finite value NaN at row 1, column 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scaler.minMax(x));
        Scaler s = new Scaler(new double[] {0, 0}, new double[] {1, 1});
        e = assertThrows(IllegalArgumentException.class, () -> s.apply(x));
        assertTrue(e.getMessage().contains("row 1, column 0"), e.getMessage());
    }

    @Test
    void standardizingHugeValuesDoesNotOverflow() {
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1e308}, {1e308}, {-1e308}, {-1e308}});
        Scaler s = Scaler.standardize(x);
        assertEquals(0.0, s.shift()[0], 1e292);
        assertEquals(1e308, s.scale()[0], 1e294);
        DMatrixRMaj same = new DMatrixRMaj(new double[][] {{1e308}, {1e308}, {1e308}});
        Scaler t = Scaler.standardize(same);
        assertEquals(1e308, t.shift()[0], 1e294);
        assertEquals(1.0, t.scale()[0], 0.0);
        // ordinary data keeps the plain formulas' bits
        Scaler u = Scaler.standardize(new DMatrixRMaj(new double[][] {{1}, {2}, {4}}));
        assertEquals(7.0 / 3, u.shift()[0], 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scaler.minMax(new DMatrixRMaj(new double[][] {{1.7e308}, {-1.7e308}})));
        assertTrue(e.getMessage().startsWith("column 0 of the training features spans"), e.getMessage());
    }

    @Test
    void splitsOfNullDataNameIt() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Splits.random(null, 0.2, 1));
        assertEquals("data must not be null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> Splits.stratified(null, 0.2, 1));
        assertEquals("data must not be null", e.getMessage());
    }
}
