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

    /**
     * Validates the shapes.
     *
     * @param features {@code m x n_0}, {@code m >= 1}
     * @param targets {@code m x n_L}, same number of rows
     */
    public Dataset {
        Checks.nonEmpty(features, "features");
        Checks.nonEmpty(targets, "targets");
        if (features.numRows != targets.numRows) {
            throw Checks.mismatch("", "features", features, "targets", targets,
                    "one sample per row: they must have the same number of rows");
        }
    }

    /**
     * A dataset from plain arrays (copied), one sample per row.
     *
     * @param features {@code features[i]} is sample {@code i}'s input; all of the same length
     * @param targets {@code targets[i]} is sample {@code i}'s target; all of the same length
     * @return the dataset
     */
    public static Dataset of(double[][] features, double[][] targets) {
        return new Dataset(new DMatrixRMaj(features), new DMatrixRMaj(targets));
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
     */
    public Dataset rows(int[] rows, int from, int to) {
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
