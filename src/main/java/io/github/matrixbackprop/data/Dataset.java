package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * Samples with their targets, one sample per row: {@code features} is {@code m x n_0},
 * {@code targets} is {@code m x n_L} (one-hot rows for classification), and optionally a
 * weight per sample, {@code sampleWeights} ({@code m x 1}, {@code s_i >= 0}).
 *
 * <p>With sample weights the trainer minimises the weighted cost
 * {@code C = sum_i s_i c_i / sum_i s_i} over each batch (see
 * {@code backprop.Backprop#compute(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)}); the weights follow
 * their rows through shuffling, {@link #rows} and {@link #gather}. Only the ratios of the weights
 * matter, since the cost divides by their sum.
 *
 * <p>Every value must be finite: data enters the library here, so a NaN or an infinity is
 * rejected at construction, naming the matrix, the row and the column (0-based), rather than
 * surfacing later as a diverged training run.
 *
 * <p>The matrices are kept, not copied: do not modify them while a trainer reads them.
 * Immutable as far as this record is concerned; safe to share between threads that only read.
 *
 * @param features      {@code m x n_0}, {@code m >= 1}
 * @param targets       {@code m x n_L}, same number of rows
 * @param sampleWeights {@code m x 1}, the weight {@code s_i} of each sample, finite and {@code >= 0} with a
 *                      positive sum; {@code null} for none (every sample weighs 1)
 */
public record Dataset(DMatrixRMaj features, DMatrixRMaj targets, DMatrixRMaj sampleWeights) {

    /**
     * Validates the shapes and that every value is finite (and every weight {@code >= 0}, with a positive sum).
     *
     * @param features {@code m x n_0}, {@code m >= 1}, finite
     * @param targets {@code m x n_L}, same number of rows, finite
     * @param sampleWeights {@code m x 1}, finite and {@code >= 0} with a positive sum, or {@code null} for none
     * @throws IllegalArgumentException naming the shapes, the matrix, row and column of a non-finite value, the
     *                                  row of a negative weight, or weights that sum to 0
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
        if (sampleWeights != null) {
            checkSampleWeights(sampleWeights, features);
        }
    }

    /**
     * Samples with their targets and no sample weights.
     *
     * @param features {@code m x n_0}, {@code m >= 1}, finite
     * @param targets {@code m x n_L}, same number of rows, finite
     * @throws IllegalArgumentException naming the shapes, or the matrix, row and column of a non-finite value
     */
    public Dataset(DMatrixRMaj features, DMatrixRMaj targets) {
        this(features, targets, null);
    }

    /**
     * Requires sample weights that fit {@code features}: {@code m x 1}, finite, {@code >= 0}, with a positive
     * sum (else no sample would count).
     *
     * @param s the sample weights to check; not modified
     * @param features the features they belong to, {@code m x n_0}
     * @throws IllegalArgumentException naming both shapes, the row of a bad weight, or a zero sum
     */
    public static void checkSampleWeights(DMatrixRMaj s, DMatrixRMaj features) {
        Checks.notNull(s, "sample weights");
        if (s.numRows != features.numRows || s.numCols != 1) {
            throw Checks.mismatch("", "sample weights", s, "features", features,
                    "one weight per sample (row): the weights must be " + features.numRows + "x1");
        }
        double sum = 0.0;
        for (int i = 0; i < s.numRows; i++) {
            double v = s.data[i];
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("sample weights has the value " + v + " at row " + i
                        + " but every weight must be finite and >= 0");
            }
            sum += v;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("sample weights are all 0 (over " + s.numRows + " rows) but must"
                    + " have a positive sum");
        }
    }

    /**
     * The same samples with these weights (kept, not copied).
     *
     * @param s {@code m x 1}, the weight {@code s_i} of sample (row) {@code i}, finite and {@code >= 0} with a
     *     positive sum; {@code null} removes the weights
     * @return a dataset that differs only in {@code sampleWeights}; this one is unchanged
     * @throws IllegalArgumentException naming both shapes, the row of a bad weight, or a zero sum
     */
    public Dataset withSampleWeights(DMatrixRMaj s) {
        return new Dataset(features, targets, s);
    }

    /**
     * The same samples with these weights (copied).
     *
     * @param s {@code s[i]} is the weight of sample (row) {@code i}: {@code m} numbers, finite and {@code >= 0}
     *     with a positive sum
     * @return a dataset that differs only in {@code sampleWeights}; this one is unchanged
     * @throws IllegalArgumentException naming the lengths, the row of a bad weight, or a zero sum
     */
    public Dataset withSampleWeights(double... s) {
        Checks.notNull(s, "sample weights");
        return new Dataset(features, targets, new DMatrixRMaj(s.length, 1, true, s));
    }

    /**
     * Whether the samples carry weights.
     *
     * @return {@code sampleWeights() != null}
     */
    public boolean hasSampleWeights() {
        return sampleWeights != null;
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
     * A new dataset of the rows {@code rows[from..to)} in that order (copied, with their weights).
     *
     * @param rows indices of samples
     * @param from the first position in {@code rows} to take
     * @param to the position after the last one to take
     * @return the selected samples
     * @throws IllegalArgumentException if the range does not fit in {@code rows} or an index is not a row, or
     *                                  the weights of the selected rows are all 0
     */
    public Dataset rows(int[] rows, int from, int to) {
        checkRange(rows, from, to);
        DMatrixRMaj x = new DMatrixRMaj(to - from, featureCount());
        DMatrixRMaj y = new DMatrixRMaj(to - from, targetWidth());
        if (sampleWeights == null) {
            gather(rows, from, to, x, y);
            return new Dataset(x, y);
        }
        DMatrixRMaj s = new DMatrixRMaj(to - from, 1);
        gather(rows, from, to, x, y, s);
        return new Dataset(x, y, s);
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

    /**
     * As {@link #gather(int[], int, int, DMatrixRMaj, DMatrixRMaj)}, also copying the weights of the rows into
     * {@code s}, reshaped to {@code (to - from) x 1} (all 1 if the dataset has no weights).
     *
     * @param rows indices of samples
     * @param from the first position in {@code rows} to take
     * @param to the position after the last one to take
     * @param x receives the features, {@code (to - from) x n_0}
     * @param y receives the targets, {@code (to - from) x n_L}
     * @param s receives the sample weights, {@code (to - from) x 1}
     * @throws IllegalArgumentException if the range does not fit in {@code rows}, an index is not a row, or
     *                                  {@code x}/{@code y}/{@code s} are not three distinct matrices other than the
     *                                  dataset's own; checked before anything is written
     */
    public void gather(int[] rows, int from, int to, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s) {
        checkRange(rows, from, to);
        Checks.notNull(x, "x");
        Checks.notNull(y, "y");
        Checks.notNull(s, "s");
        if (s == features || s == targets || s == sampleWeights || s == x || s == y || x == sampleWeights
                || y == sampleWeights) {
            throw new IllegalArgumentException("x, y and s must be distinct matrices other than the dataset's own");
        }
        gather(rows, from, to, x, y);
        s.reshape(to - from, 1);
        for (int i = from; i < to; i++) {
            s.data[i - from] = sampleWeights == null ? 1.0 : sampleWeights.data[rows[i]];
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
