package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * A per-column affine transformation of features {@code x' = (x - shift) / scale}, fitted on
 * training data only and then applied unchanged to any other data. Immutable and thread-safe.
 *
 * <p>Fitting rejects non-finite training data, naming row and column; the fitted statistics are
 * computed so that they do not overflow for any finite data (standardisation rescales a column by
 * its largest magnitude when the plain sums overflow).
 *
 * @param shift per column, finite
 * @param scale per column, finite and {@code > 0} (a constant column keeps scale 1)
 */
public record Scaler(double[] shift, double[] scale) {

    /**
     * Checks the arrays (and copies them).
     *
     * @param shift per column, finite
     * @param scale per column, finite and {@code > 0} (a constant column keeps scale 1)
     * @throws IllegalArgumentException naming the column of a non-finite shift or a scale that is
     *                                  not finite and positive, or the two lengths if they differ
     */
    public Scaler {
        Checks.notNull(shift, "shift");
        Checks.notNull(scale, "scale");
        if (shift.length != scale.length) {
            throw new IllegalArgumentException(shift.length + " shifts but " + scale.length + " scales");
        }
        shift = shift.clone();
        scale = scale.clone();
        for (int c = 0; c < shift.length; c++) {
            Checks.finite(shift[c], "the shift of column " + c);
            Checks.positive(scale[c], "the scale of column " + c);
        }
    }

    /**
     * Standardisation: each column to mean 0 and (population) standard deviation 1.
     *
     * @param train the training features, one sample per row; not modified
     * @return the fitted scaler
     * @throws IllegalArgumentException if the data is empty or holds a non-finite value (naming row and column)
     */
    public static Scaler standardize(DMatrixRMaj train) {
        Checks.nonEmpty(train, "training features");
        Checks.allFinite(train, "training features");
        int n = train.numCols;
        double[] mean = new double[n];
        double[] sd = new double[n];
        for (int c = 0; c < n; c++) {
            meanAndSd(train, c, 1.0, mean, sd);
            if (!Double.isFinite(mean[c]) || !Double.isFinite(sd[c])) {
                // the sums overflowed: the same statistics of the column divided by its largest magnitude
                double max = 0;
                for (int r = 0; r < train.numRows; r++) {
                    max = Math.max(max, Math.abs(train.get(r, c)));
                }
                meanAndSd(train, c, max, mean, sd);
                mean[c] *= max;
                sd[c] *= max;
            }
            if (sd[c] == 0) {
                sd[c] = 1;
            }
        }
        return new Scaler(mean, sd);
    }

    /** The mean and population standard deviation of column {@code c} of {@code x / divisor}. */
    private static void meanAndSd(DMatrixRMaj x, int c, double divisor, double[] mean, double[] sd) {
        double s = 0;
        for (int r = 0; r < x.numRows; r++) {
            s += x.get(r, c) / divisor;
        }
        mean[c] = s / x.numRows;
        double v = 0;
        for (int r = 0; r < x.numRows; r++) {
            double d = x.get(r, c) / divisor - mean[c];
            v += d * d;
        }
        sd[c] = Math.sqrt(v / x.numRows);
    }

    /**
     * Min-max scaling: each column of the training data to {@code [0, 1]}, as the same affine map
     * {@code x' = (x - shift) / scale} with {@code shift} = the column's minimum and {@code scale} = its
     * maximum minus its minimum (1 for a constant column).
     *
     * @param train the training features, one sample per row; not modified
     * @return the fitted scaler
     * @throws IllegalArgumentException if the data is empty or holds a non-finite value (naming row and
     *                                  column), or a column's range exceeds the largest double
     */
    public static Scaler minMax(DMatrixRMaj train) {
        Checks.nonEmpty(train, "training features");
        Checks.allFinite(train, "training features");
        int n = train.numCols;
        double[] min = new double[n];
        double[] range = new double[n];
        for (int c = 0; c < n; c++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < train.numRows; r++) {
                lo = Math.min(lo, train.get(r, c));
                hi = Math.max(hi, train.get(r, c));
            }
            min[c] = lo;
            range[c] = hi > lo ? hi - lo : 1;
            if (!Double.isFinite(range[c])) {
                throw new IllegalArgumentException("column " + c + " of the training features spans [" + lo + ", "
                        + hi + "], a range beyond the largest double: min-max scaling cannot map it to [0, 1];"
                        + " standardize it instead");
            }
        }
        return new Scaler(min, range);
    }

    /**
     * A new matrix {@code (x - shift) / scale}, column by column; {@code x} is not modified.
     *
     * @param x features, one sample per row, with as many columns as the scaler
     * @return the scaled features
     * @throws IllegalArgumentException if the column count differs or a value is not finite (naming row and column)
     */
    public DMatrixRMaj apply(DMatrixRMaj x) {
        Checks.notNull(x, "features");
        Checks.allFinite(x, "features");
        if (x.numCols != shift.length) {
            throw new IllegalArgumentException("features are " + Checks.shape(x) + " but the scaler was fitted on "
                    + shift.length + " columns");
        }
        DMatrixRMaj out = new DMatrixRMaj(x.numRows, x.numCols);
        for (int r = 0; r < x.numRows; r++) {
            for (int c = 0; c < x.numCols; c++) {
                int i = r * x.numCols + c;
                out.data[i] = (x.data[i] - shift[c]) / scale[c];
            }
        }
        return out;
    }

    /**
     * The dataset with scaled features and the same targets and sample weights.
     *
     * @param d the dataset to scale; not modified
     * @return a new dataset
     */
    public Dataset apply(Dataset d) {
        return new Dataset(apply(d.features()), d.targets(), d.sampleWeights());
    }
}
