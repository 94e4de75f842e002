package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

final class LossChecks {

    private LossChecks() {
    }

    /** Requires the output {@code a} and the targets {@code y} to have the same shape. */
    static void sameShape(Loss loss, DMatrixRMaj a, DMatrixRMaj y) {
        sameShape(loss, "the output a^L", a, "the targets y", y);
    }

    /** Requires two matrices of the loss to have the same shape; the message names both roles. */
    static void sameShape(Loss loss, String roleA, DMatrixRMaj a, String roleB, DMatrixRMaj b) {
        if (a == null || b == null) { // the message is built only on failure: this runs in every step
            throw new NullPointerException(loss.name() + ": " + (a == null ? roleA : roleB) + " must not be null");
        }
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            throw Checks.mismatch(loss.name() + ": ", roleA, a, roleB, b,
                    "one sample per column; they must have the same shape");
        }
    }

    /** The shapes of a Hessian product: {@code y} and {@code v} shaped like {@code a}. */
    static void hessianArguments(Loss loss, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj v) {
        sameShape(loss, a, y);
        sameShape(loss, "the output a^L", a, "the direction v", v);
    }

    /** The shapes of a directional output signal: {@code a}, {@code y} and {@code rz} shaped like {@code z}. */
    static void directionalArguments(Loss loss, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj rz) {
        sameShape(loss, "the potential z^L", z, "the output a^L", a);
        sameShape(loss, a, y);
        sameShape(loss, "the potential z^L", z, "the direction R{z^L}", rz);
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
        sameShape(loss, "the output a^L", a, "the gradient g", g);
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            g.data[i] = scale * (a.data[i] - y.data[i]);
        }
    }
}
