package io.github.matrixbackprop.train;

import io.github.matrixbackprop.data.BatchSource;
import io.github.matrixbackprop.loss.Loss;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The checks of a batch from a {@link BatchSource} before the trainer steps on it: every feature
 * and target finite, every sample weight (if the batch has them) finite and {@code >= 0}, and every
 * target row accepted by the loss ({@link Loss#checkTargets}). A
 * failure names the row's origin in the source (e.g. {@code train.csv line 12}). Allocates nothing
 * after the first batch of the largest size unless a check fails.
 */
final class BatchCheck {

    private final Loss loss;
    private final DMatrixRMaj columns = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj one = new DMatrixRMaj(1, 1);

    BatchCheck(Loss loss) {
        this.loss = loss;
    }

    /**
     * Checks one batch.
     *
     * @param x the features, one sample per row; not modified
     * @param y the targets, one sample per row; not modified
     * @param s the sample weights, {@code b x 1}, or {@code null} for a batch without; not modified
     * @param epoch the pass the batch comes from, which names the origin of its rows
     * @param role the data's role in messages, e.g. {@code training data}
     * @throws IllegalArgumentException naming the role, the row's origin and the problem
     */
    void check(DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s, BatchSource.Epoch epoch, String role) {
        finite(x, "feature", epoch, role);
        finite(y, "target", epoch, role);
        if (s != null) {
            for (int i = 0; i < s.numRows; i++) {
                double v = s.data[i];
                if (!(v >= 0) || !Double.isFinite(v)) {
                    throw new IllegalArgumentException(role + ", " + epoch.origin(i) + ": the sample weight is " + v
                            + " but every weight must be finite and >= 0");
                }
            }
        }
        CommonOps_DDRM.transpose(y, columns);
        try {
            loss.checkTargets(columns);
        } catch (IllegalArgumentException batch) {
            // the first row the loss refuses, checked alone
            one.reshape(y.numCols, 1);
            for (int i = 0; i < y.numRows; i++) {
                System.arraycopy(y.data, i * y.numCols, one.data, 0, y.numCols);
                try {
                    loss.checkTargets(one);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(role + ", " + epoch.origin(i) + " (checked alone, as sample 0): "
                            + e.getMessage(), e);
                }
            }
            throw new IllegalArgumentException(role + ", a batch from " + epoch.origin(0) + " on: " + batch.getMessage(),
                    batch);
        }
    }

    private static void finite(DMatrixRMaj m, String what, BatchSource.Epoch epoch, String role) {
        double[] d = m.data;
        int n = m.numRows * m.numCols;
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(d[k])) {
                throw new IllegalArgumentException(role + ", " + epoch.origin(k / m.numCols) + ": " + what + " "
                        + (k % m.numCols) + " is " + d[k]);
            }
        }
    }
}
