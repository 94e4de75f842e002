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

    /** {@code sum_k (a_k - y_k)^2} over all elements. */
    static double sumOfSquaredResiduals(DMatrixRMaj a, DMatrixRMaj y) {
        double sum = 0.0;
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            double r = a.data[i] - y.data[i];
            sum += r * r;
        }
        return sum;
    }

    /** {@code g = scale (a - y)} element by element, after checking the shapes. */
    static void scaledResiduals(Loss loss, DMatrixRMaj a, DMatrixRMaj y, double scale, DMatrixRMaj g) {
        sameShape(loss, a, y);
        sameShape(loss, a, g);
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            g.data[i] = scale * (a.data[i] - y.data[i]);
        }
    }
}
