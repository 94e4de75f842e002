package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

final class LossChecks {

    private LossChecks() {
    }

    /** Requires a matrix of the loss to be present; the message names its role. */
    static void notNull(Loss loss, String role, DMatrixRMaj m) {
        if (m == null) {
            throw new NullPointerException(loss.name() + ": " + role + " must not be null");
        }
    }

    /**
     * Requires the sample weights {@code s} to be {@code 1 x m} for the {@code n x m} matrix {@code like}
     * (one weight per column), every weight finite and {@code >= 0}.
     */
    static void sampleWeights(Loss loss, DMatrixRMaj like, DMatrixRMaj s) {
        notNull(loss, "the sample weights s", s);
        if (s.numRows != 1 || s.numCols != like.numCols) {
            throw Checks.mismatch(loss.name() + ": ", "the sample weights s", s, "the batch", like,
                    "one weight per sample (column): s must be 1x" + like.numCols);
        }
        for (int i = 0; i < s.numCols; i++) {
            double v = s.data[i];
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(loss.name() + ": the weight of sample " + i + " is " + v
                        + " but must be finite and >= 0");
            }
        }
    }

    /** {@code sum_i s_i}, in index order. */
    static double sum(DMatrixRMaj s) {
        double sum = 0.0;
        int n = s.getNumElements();
        for (int i = 0; i < n; i++) {
            sum += s.data[i];
        }
        return sum;
    }

    /** Divides every element by {@code norm} ({@code x * (1/norm)}), or sets all to 0 when {@code norm = 0}. */
    static void scale(DMatrixRMaj m, double norm) {
        if (norm > 0) {
            CommonOps_DDRM.scale(1.0 / norm, m);
        } else {
            CommonOps_DDRM.fill(m, 0.0);
        }
    }

    /** Multiplies column {@code i} of {@code m} by {@code s_i / norm}, or sets all to 0 when {@code norm = 0}. */
    static void scaleColumns(DMatrixRMaj m, DMatrixRMaj s, double norm) {
        if (!(norm > 0)) {
            CommonOps_DDRM.fill(m, 0.0);
            return;
        }
        int rows = m.numRows;
        int cols = m.numCols;
        for (int k = 0; k < rows; k++) {
            for (int i = 0; i < cols; i++) {
                m.data[k * cols + i] *= s.data[i] / norm;
            }
        }
    }

    /**
     * Validates per-class or per-unit weights at construction: at least one, each finite and
     * {@code >= 0}; returns a copy.
     */
    static double[] unitWeights(String role, double[] w) {
        Checks.notNull(w, role);
        if (w.length == 0) {
            throw new IllegalArgumentException(role + " must hold one weight per output unit but is empty");
        }
        for (int k = 0; k < w.length; k++) {
            if (!(w[k] >= 0) || !Double.isFinite(w[k])) {
                throw new IllegalArgumentException(role + " " + k + " is " + w[k] + " but must be finite and >= 0");
            }
        }
        return w.clone();
    }

    /** Requires one weight per output unit: {@code w.length = n_L = y.numRows}. */
    static void unitCount(Loss loss, String role, double[] w, DMatrixRMaj y) {
        if (w.length != y.numRows) {
            throw new IllegalArgumentException(loss.name() + ": there are " + w.length + " " + role + " but the"
                    + " targets y are " + Checks.shape(y) + " (n_L x m), so n_L = " + y.numRows + " weights are needed");
        }
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

    /** {@code sum_i s_i sum_k (a_ki - y_ki)^2}, element by element in the order of {@link #sumOfSquaredResiduals}. */
    static double weightedSumOfSquaredResiduals(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj s) {
        double sum = 0.0;
        int n = a.numRows;
        int m = a.numCols;
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < m; i++) {
                double r = a.data[k * m + i] - y.data[k * m + i];
                sum += s.data[i] * (r * r);
            }
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
