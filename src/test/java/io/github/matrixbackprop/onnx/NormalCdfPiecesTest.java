package io.github.matrixbackprop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.activation.ElementwiseActivation;
import org.junit.jupiter.api.Test;

/** The piecewise polynomial that the float64 GELU graph evaluates instead of {@code Erf}. */
class NormalCdfPiecesTest {

    private static final ElementwiseActivation GELU = (ElementwiseActivation) Activations.gelu();

    @Test
    void matchesTheLibrarysGeluEverywhere() {
        double largest = 0;
        double at = 0;
        int n = 400_000;
        for (int i = 0; i <= n; i++) {
            double z = -10 + 20.0 * i / n;
            if (z == 0) {
                continue;
            }
            double e = Math.abs(NormalCdfPieces.evaluate(z) - GELU.value(z) / z);
            if (e > largest) {
                largest = e;
                at = z;
            }
        }
        assertTrue(largest <= 2e-15, "largest |pieces - Phi| " + largest + " at " + at);
    }

    /** Reference values of the standard normal CDF to 17 significant digits. */
    @Test
    void matchesTabulatedValues() {
        double[][] table = {
            {-8, 6.2209605742717841e-16},
            {-3, 1.3498980316300946e-3},
            {-1, 0.15865525393145705},
            {0.5, 0.69146246127401310},
            {1, 0.84134474606854293},
            {2, 0.97724986805182079},
        };
        for (double[] row : table) {
            assertEquals(row[1], NormalCdfPieces.evaluate(row[0]), 2e-15, "Phi(" + row[0] + ")");
        }
        assertEquals(0.5, NormalCdfPieces.evaluate(0), 2.3e-16);
    }

    @Test
    void theOuterPiecesAreExactlyZeroAndOne() {
        for (double z : new double[] {-9, -9.5, -40, -1e300, Double.NEGATIVE_INFINITY}) {
            assertEquals(0.0, NormalCdfPieces.evaluate(z), "Phi(" + z + ")");
        }
        for (double z : new double[] {8.5, 9, 40, 1e300, Double.POSITIVE_INFINITY}) {
            assertEquals(1.0, NormalCdfPieces.evaluate(z), "Phi(" + z + ")");
        }
        assertEquals(0.5, NormalCdfPieces.evaluate(Double.NaN), 2.3e-16, "NaN is evaluated as 0 (the graph's z * Phi is NaN)");
    }

    @Test
    void neighbouringPiecesMeetAtTheirBoundaries() {
        for (double b = NormalCdfPieces.LO; b <= NormalCdfPieces.HI; b += NormalCdfPieces.WIDTH) {
            double below = NormalCdfPieces.evaluate(Math.nextDown(b));
            double above = NormalCdfPieces.evaluate(b);
            assertTrue(Math.abs(above - below) <= 2e-15, "at " + b + ": " + below + " below, " + above + " above");
        }
    }

    @Test
    void theTableHasOneRowPerPieceAndTheConstantRowsAtTheEnds() {
        double[] t = NormalCdfPieces.table();
        int n = NormalCdfPieces.DEGREE + 1;
        assertEquals(NormalCdfPieces.PIECES * n, t.length);
        assertEquals(NormalCdfPieces.INNER, (int) Math.round((NormalCdfPieces.HI - NormalCdfPieces.LO) / NormalCdfPieces.WIDTH));
        for (int j = 0; j < n; j++) {
            assertEquals(0.0, t[j], "piece 0 is the constant 0");
            assertEquals(j == 0 ? 1.0 : 0.0, t[(NormalCdfPieces.PIECES - 1) * n + j], "the last piece is the constant 1");
        }
        t[0] = 42;
        assertEquals(0.0, NormalCdfPieces.table()[0], "a copy");
    }
}
