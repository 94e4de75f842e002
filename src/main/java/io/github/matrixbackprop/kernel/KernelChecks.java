package io.github.matrixbackprop.kernel;

import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/** Shape and aliasing checks shared by the kernels (cheap: a few integer comparisons). */
final class KernelChecks {

    private KernelChecks() {
    }

    /**
     * Checks {@code c = op(a) op(b)} for inner dimension {@code k}: {@code ar x ak} times
     * {@code bk x bc} into {@code c}, where the arguments are the effective (transposed) shapes.
     */
    static void product(String op, DMatrixRMaj a, int ar, int ak, DMatrixRMaj b, int bk, int bc, DMatrixRMaj c) {
        if (ak != bk) {
            throw Checks.mismatch(op + ": ", "a", a, "b", b, "inner dimensions " + ak + " and " + bk + " differ");
        }
        if (c.numRows != ar || c.numCols != bc) {
            throw new IllegalArgumentException(op + ": c is " + Checks.shape(c) + " but the product is "
                    + ar + "x" + bc);
        }
        if (c.data == a.data || c.data == b.data) {
            throw new IllegalArgumentException(op + ": the output c shares its array with an input");
        }
    }
}
