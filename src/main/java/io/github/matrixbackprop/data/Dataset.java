package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * Samples with their targets, one sample per row: {@code features} is {@code m x n_0},
 * {@code targets} is {@code m x n_L} (one-hot rows for classification).
 *
 * <p>The matrices are kept, not copied: do not modify them while a trainer reads them.
 * Immutable as far as this record is concerned; safe to share between threads that only read.
 *
 * @param features {@code m x n_0}, {@code m >= 1}
 * @param targets  {@code m x n_L}, same number of rows
 */
public record Dataset(DMatrixRMaj features, DMatrixRMaj targets) {

    /** Validates the shapes. */
    public Dataset {
        Checks.nonEmpty(features, "features");
        Checks.nonEmpty(targets, "targets");
        if (features.numRows != targets.numRows) {
            throw Checks.mismatch("", "features", features, "targets", targets,
                    "one sample per row: they must have the same number of rows");
        }
    }

    /** A dataset from plain arrays (copied), one sample per row. */
    public static Dataset of(double[][] features, double[][] targets) {
        return new Dataset(new DMatrixRMaj(features), new DMatrixRMaj(targets));
    }

    /** {@code m}, the number of samples. */
    public int size() {
        return features.numRows;
    }

    /** {@code n_0}, the width of a sample. */
    public int featureCount() {
        return features.numCols;
    }

    /** {@code n_L}, the width of a target. */
    public int targetWidth() {
        return targets.numCols;
    }

    /** A new dataset of the rows {@code rows[from..to)} in that order (copied). */
    public Dataset rows(int[] rows, int from, int to) {
        DMatrixRMaj x = new DMatrixRMaj(to - from, featureCount());
        DMatrixRMaj y = new DMatrixRMaj(to - from, targetWidth());
        gather(rows, from, to, x, y);
        return new Dataset(x, y);
    }

    /**
     * Copies the rows {@code rows[from..to)} into {@code x} and {@code y}, which are reshaped to
     * {@code (to - from) x n} (no allocation when their arrays are large enough).
     */
    public void gather(int[] rows, int from, int to, DMatrixRMaj x, DMatrixRMaj y) {
        Checks.notNull(rows, "rows");
        Checks.notNull(x, "x");
        Checks.notNull(y, "y");
        if (from < 0 || to < from || to > rows.length) {
            throw new IllegalArgumentException("the range [" + from + ", " + to + ") does not fit in " + rows.length
                    + " row indices");
        }
        int n0 = featureCount();
        int nl = targetWidth();
        x.reshape(to - from, n0);
        y.reshape(to - from, nl);
        for (int i = from; i < to; i++) {
            int r = rows[i];
            if (r < 0 || r >= size()) {
                throw new IllegalArgumentException("row index " + r + " is outside 0.." + (size() - 1));
            }
            System.arraycopy(features.data, r * n0, x.data, (i - from) * n0, n0);
            System.arraycopy(targets.data, r * nl, y.data, (i - from) * nl, nl);
        }
    }
}
