package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.util.Checks;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Fits the library's {@link Scaler} on a {@link PartitionedData} without collecting it: the
 * column statistics are sums over the partitions' blocks, added on the driver in partition order
 * (so the result is the same on every run for a fixed partitioning). The statistics are those of
 * {@link Scaler#standardize} and {@link Scaler#minMax} on the collected features, up to the
 * rounding of a different summation order.
 */
public final class SparkScaling {

    private SparkScaling() {
    }

    /**
     * Standardisation: {@code shift_c} the mean of column {@code c} and {@code scale_c} its population
     * standard deviation ({@code 1} for a constant column), by two passes over the blocks (sums,
     * then squared deviations from the mean). If a column's sums overflow, its statistics are computed
     * on the column divided by its largest magnitude and scaled back, as {@link Scaler#standardize} does.
     *
     * @param data the cached data, whose features are read
     * @return the fitted scaler
     */
    public static Scaler standardize(PartitionedData data) {
        Checks.notNull(data, "data");
        int n = data.inputs();
        double m = data.rowCount();
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        double[] mean = new double[n];
        double[] sd = new double[n];
        moments(data, ones, mean, sd, m);
        boolean overflow = false;
        for (int c = 0; c < n; c++) {
            overflow |= !Double.isFinite(mean[c]) || !Double.isFinite(sd[c]);
        }
        if (overflow) {
            // the sums of some column overflowed: that column's statistics of x / max|x|, scaled back
            double[] max = pass(data, Pass.MAX_ABS, ones, null);
            double[] divisor = ones.clone();
            for (int c = 0; c < n; c++) {
                if (!Double.isFinite(mean[c]) || !Double.isFinite(sd[c])) {
                    divisor[c] = max[c];
                }
            }
            moments(data, divisor, mean, sd, m);
            for (int c = 0; c < n; c++) {
                mean[c] *= divisor[c];
                sd[c] *= divisor[c];
            }
        }
        for (int c = 0; c < n; c++) {
            if (sd[c] == 0) {
                sd[c] = 1;
            }
        }
        return new Scaler(mean, sd);
    }

    /**
     * Min-max scaling: {@code shift_c} the minimum of column {@code c} and {@code scale_c} its range
     * ({@code 1} for a constant column), so the data maps to {@code [0, 1]}.
     *
     * @param data the cached data, whose features are read
     * @return the fitted scaler
     * @throws IllegalArgumentException if a column's range exceeds the largest double
     */
    public static Scaler minMax(PartitionedData data) {
        Checks.notNull(data, "data");
        int n = data.inputs();
        double[] lohi = pass(data, Pass.MIN_MAX, null, null);
        double[] min = new double[n];
        double[] range = new double[n];
        for (int c = 0; c < n; c++) {
            double lo = lohi[c];
            double hi = lohi[n + c];
            min[c] = lo;
            range[c] = hi > lo ? hi - lo : 1;
            if (!Double.isFinite(range[c])) {
                throw new IllegalArgumentException("column " + c + " of the features spans [" + lo + ", " + hi + "], a"
                        + " range beyond the largest double: min-max scaling cannot map it to [0, 1]; standardize it"
                        + " instead");
            }
        }
        return new Scaler(min, range);
    }

    /** The mean and population standard deviation of every column of {@code x / divisor}. */
    private static void moments(PartitionedData data, double[] divisor, double[] mean, double[] sd, double m) {
        double[] sums = pass(data, Pass.SUM, divisor, null);
        for (int c = 0; c < mean.length; c++) {
            mean[c] = sums[c] / m;
        }
        double[] squares = pass(data, Pass.SQUARED_DEVIATION, divisor, mean);
        for (int c = 0; c < mean.length; c++) {
            sd[c] = Math.sqrt(squares[c] / m);
        }
    }

    /** What one pass over the blocks computes per column. */
    private enum Pass {
        /** {@code sum_r x_rc / d_c}. */
        SUM,
        /** {@code sum_r (x_rc / d_c - mean_c)^2}. */
        SQUARED_DEVIATION,
        /** {@code max_r |x_rc|}. */
        MAX_ABS,
        /** {@code min_r x_rc}, then {@code max_r x_rc}. */
        MIN_MAX
    }

    /** One pass: the per-partition results, combined on the driver in partition order. */
    private static double[] pass(PartitionedData data, Pass pass, double[] divisor, double[] mean) {
        int n = data.inputs();
        List<double[]> parts = data.blocks().mapPartitions(new ColumnPass(pass, n, divisor, mean)).collect();
        double[] out = parts.get(0).clone();
        for (int k = 1; k < parts.size(); k++) {
            double[] part = parts.get(k);
            for (int i = 0; i < out.length; i++) {
                out[i] = switch (pass) {
                    case SUM, SQUARED_DEVIATION -> out[i] + part[i];
                    case MAX_ABS -> Math.max(out[i], part[i]);
                    case MIN_MAX -> i < n ? Math.min(out[i], part[i]) : Math.max(out[i], part[i]);
                };
            }
        }
        return out;
    }

    /** A partition's column statistic; nothing for an empty partition. */
    private static final class ColumnPass implements FlatMapFunction<Iterator<RowBlock>, double[]> {

        private static final long serialVersionUID = 1L;

        private final Pass pass;
        private final int n;
        private final double[] divisor;
        private final double[] mean;

        ColumnPass(Pass pass, int n, double[] divisor, double[] mean) {
            this.pass = pass;
            this.n = n;
            this.divisor = divisor;
            this.mean = mean;
        }

        @Override
        public Iterator<double[]> call(Iterator<RowBlock> blocks) {
            if (!blocks.hasNext()) {
                return Collections.emptyIterator();
            }
            double[] out = new double[pass == Pass.MIN_MAX ? 2 * n : n];
            if (pass == Pass.MIN_MAX) {
                java.util.Arrays.fill(out, 0, n, Double.POSITIVE_INFINITY);
                java.util.Arrays.fill(out, n, 2 * n, Double.NEGATIVE_INFINITY);
            }
            while (blocks.hasNext()) {
                RowBlock block = blocks.next();
                double[] x = block.x.data;
                int rows = block.rows();
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < n; c++) {
                        double v = x[r * n + c];
                        switch (pass) {
                            case SUM -> out[c] += v / divisor[c];
                            case SQUARED_DEVIATION -> {
                                double d = v / divisor[c] - mean[c];
                                out[c] += d * d;
                            }
                            case MAX_ABS -> out[c] = Math.max(out[c], Math.abs(v));
                            default -> {
                                out[c] = Math.min(out[c], v);
                                out[n + c] = Math.max(out[n + c], v);
                            }
                        }
                    }
                }
            }
            return List.of(out).iterator();
        }
    }
}
