package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * A per-column affine transformation of features {@code x' = (x - shift) / scale}, fitted on
 * training data only and then applied unchanged to any other data. Immutable and thread-safe.
 *
 * @param shift per column
 * @param scale per column, never 0 (a constant column keeps scale 1)
 */
public record Scaler(double[] shift, double[] scale) {

    /**
     * Checks the arrays.
     *
     * @param shift per column
     * @param scale per column, never 0 (a constant column keeps scale 1)
     */
    public Scaler {
        Checks.notNull(shift, "shift");
        Checks.notNull(scale, "scale");
        if (shift.length != scale.length) {
            throw new IllegalArgumentException(shift.length + " shifts but " + scale.length + " scales");
        }
        shift = shift.clone();
        scale = scale.clone();
    }

    /**
     * Standardisation: each column to mean 0 and (population) standard deviation 1.
     *
     * @param train the training features, one sample per row; not modified
     * @return the fitted scaler
     */
    public static Scaler standardize(DMatrixRMaj train) {
        Checks.nonEmpty(train, "training features");
        int n = train.numCols;
        double[] mean = new double[n];
        double[] sd = new double[n];
        for (int c = 0; c < n; c++) {
            double s = 0;
            for (int r = 0; r < train.numRows; r++) {
                s += train.get(r, c);
            }
            mean[c] = s / train.numRows;
            double v = 0;
            for (int r = 0; r < train.numRows; r++) {
                double d = train.get(r, c) - mean[c];
                v += d * d;
            }
            sd[c] = Math.sqrt(v / train.numRows);
            if (sd[c] == 0) {
                sd[c] = 1;
            }
        }
        return new Scaler(mean, sd);
    }

    /**
     * Min-max scaling: each column of the training data to {@code [0, 1]}.
     *
     * @param train the training features, one sample per row; not modified
     * @return the fitted scaler
     */
    public static Scaler minMax(DMatrixRMaj train) {
        Checks.nonEmpty(train, "training features");
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
        }
        return new Scaler(min, range);
    }

    /**
     * A new matrix {@code (x - shift) / scale}, column by column; {@code x} is not modified.
     *
     * @param x features, one sample per row, with as many columns as the scaler
     * @return the scaled features
     */
    public DMatrixRMaj apply(DMatrixRMaj x) {
        Checks.notNull(x, "features");
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
     * The dataset with scaled features and the same targets.
     *
     * @param d the dataset to scale; not modified
     * @return a new dataset
     */
    public Dataset apply(Dataset d) {
        return new Dataset(apply(d.features()), d.targets());
    }
}
