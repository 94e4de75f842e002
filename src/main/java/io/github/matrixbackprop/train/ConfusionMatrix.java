package io.github.matrixbackprop.train;

/**
 * Counts of (actual class, predicted class) pairs.
 *
 * @param counts {@code counts[actual][predicted]}; a square array, not copied
 */
public record ConfusionMatrix(long[][] counts) {

    /**
     * The number of classes.
     *
     * @return the number of classes
     */
    public int classes() {
        return counts.length;
    }

    /**
     * How many samples of class {@code actual} were predicted as {@code predicted}.
     *
     * @param actual the true class
     * @param predicted the predicted class
     * @return the number of such samples
     */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /**
     * The fraction on the diagonal.
     *
     * @return the accuracy, or NaN when there are no samples
     */
    public double accuracy() {
        long right = 0;
        long all = 0;
        for (int a = 0; a < counts.length; a++) {
            for (int p = 0; p < counts.length; p++) {
                all += counts[a][p];
                right += a == p ? counts[a][p] : 0;
            }
        }
        return all == 0 ? Double.NaN : right / (double) all;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("actual \\ predicted");
        sb.append(System.lineSeparator());
        for (long[] row : counts) {
            for (long c : row) {
                sb.append(String.format(java.util.Locale.ROOT, "%7d", c));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
