package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * Samples with their targets, one sample per row: {@code features} is {@code m x n_0},
 * {@code targets} is {@code m x n_L} (one-hot rows for classification).
 *
 * <p>Every value must be finite: data enters the library here, so a NaN or an infinity is
 * rejected at construction, naming the matrix, the row and the column (0-based), rather than
 * surfacing later as a diverged training run.
 *
 * <p>The matrices are kept, not copied: do not modify them while a trainer reads them.
 * Immutable as far as this record is concerned; safe to share between threads that only read.
 *
 * @param features {@code m x n_0}, {@code m >= 1}
 * @param targets  {@code m x n_L}, same number of rows
 */
public record Dataset(DMatrixRMaj features, DMatrixRMaj targets) {

    /**
     * Validates the shapes and that every value is finite.
     *
     * @param features {@code m x n_0}, {@code m >= 1}, finite
     * @param targets {@code m x n_L}, same number of rows, finite
     * @throws IllegalArgumentException naming the shapes, or the matrix, row and column of a non-finite value
     */
    public Dataset {
        Checks.nonEmpty(features, "features");
        Checks.nonEmpty(targets, "targets");
        if (features.numRows != targets.numRows) {
            throw Checks.mismatch("", "features", features, "targets", targets,
                    "one sample per row: they must have the same number of rows");
        }
        Checks.allFinite(features, "features");
        Checks.allFinite(targets, "targets");
    }

    /**
     * A dataset from plain arrays (copied), one sample per row.
     *
     * @param features {@code features[i]} is sample {@code i}'s input; all of the same length
     * @param targets {@code targets[i]} is sample {@code i}'s target; all of the same length
     * @return the dataset
     */
    public static Dataset of(double[][] features, double[][] targets) {
        return new Dataset(Checks.matrix(features, "features"), Checks.matrix(targets, "targets"));
    }

    /**
     * {@code m}, the number of samples.
     *
     * @return the number of samples {@code m}
     */
    public int size() {
        return features.numRows;
    }

    /**
     * {@code n_0}, the width of a sample.
     *
     * @return the number of features {@code n_0}
     */
    public int featureCount() {
        return features.numCols;
    }

    /**
     * {@code n_L}, the width of a target.
     *
     * @return the target width {@code n_L}
     */
    public int targetWidth() {
        return targets.numCols;
    }

    /**
     * A new dataset of the rows {@code rows[from..to)} in that order (copied).
     *
     * @param rows indices of samples
     * @param from the first position in {@code rows} to take
     * @param to the position after the last one to take
     * @return the selected samples
     * @throws IllegalArgumentException if the range does not fit in {@code rows} or an index is not a row
     */
    public Dataset rows(int[] rows, int from, int to) {
        checkRange(rows, from, to);
        DMatrixRMaj x = new DMatrixRMaj(to - from, featureCount());
        DMatrixRMaj y = new DMatrixRMaj(to - from, targetWidth());
        gather(rows, from, to, x, y);
        return new Dataset(x, y);
    }

    /**
     * Copies the rows {@code rows[from..to)} into {@code x} and {@code y}, which are reshaped to
     * {@code (to - from) x n} (no allocation when their arrays are large enough).
     *
     * @param rows indices of samples
     * @param from the first position in {@code rows} to take
     * @param to the position after the last one to take
     * @param x receives the features, {@code (to - from) x n_0}
     * @param y receives the targets, {@code (to - from) x n_L}
     * @throws IllegalArgumentException if the range does not fit in {@code rows}, an index is not a row, or
     *                                  {@code x}/{@code y} are the same matrix or one of the dataset's own;
     *                                  checked before anything is written
     */
    public void gather(int[] rows, int from, int to, DMatrixRMaj x, DMatrixRMaj y) {
        checkRange(rows, from, to);
        Checks.notNull(x, "x");
        Checks.notNull(y, "y");
        if (x == features || x == targets || y == features || y == targets || x == y) {
            throw new IllegalArgumentException("x and y must be distinct matrices other than the dataset's own");
        }
        int n0 = featureCount();
        int nl = targetWidth();
        x.reshape(to - from, n0);
        y.reshape(to - from, nl);
        for (int i = from; i < to; i++) {
            int r = rows[i];
            System.arraycopy(features.data, r * n0, x.data, (i - from) * n0, n0);
            System.arraycopy(targets.data, r * nl, y.data, (i - from) * nl, nl);
        }
    }

    /** Checks the range and every index in it before anything is written. */
    private void checkRange(int[] rows, int from, int to) {
        Checks.notNull(rows, "rows");
        if (from < 0 || to < from || to > rows.length) {
            throw new IllegalArgumentException("the range [" + from + ", " + to + ") does not fit in " + rows.length
                    + " row indices");
        }
        for (int i = from; i < to; i++) {
            if (rows[i] < 0 || rows[i] >= size()) {
                throw new IllegalArgumentException("row index " + rows[i] + " at position " + i + " is outside 0.."
                        + (size() - 1));
            }
        }
    }
}
