package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

final class LossChecks {

    private LossChecks() {
    }

    static void sameShape(Loss loss, DMatrixRMaj a, DMatrixRMaj y) {
        if (a.numRows != y.numRows || a.numCols != y.numCols) {
            throw Checks.mismatch(loss.name() + ": ", "the output a^L", a, "the targets y", y,
                    "one sample per column; they must have the same shape");
        }
    }

    /** Requires every target to be finite and within [lo, hi]; column = sample, row = unit. */
    static void targetsIn(Loss loss, DMatrixRMaj y, double lo, double hi, String what) {
        int n = y.numRows;
        int m = y.numCols;
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < m; i++) {
                double v = y.data[k * m + i];
                if (!Double.isFinite(v) || v < lo || v > hi) {
                    throw new IllegalArgumentException(loss.name() + ": target of sample " + i + ", unit " + k
                            + " is " + v + " but must be " + what);
                }
            }
        }
    }
}
