package io.github.matrixbackprop.train;

import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * Evaluation metrics on predictions and targets given one sample per row ({@code m x n}).
 *
 * <p>Single-label classes ({@link #accuracy}, {@link #confusionMatrix}): with {@code n > 1} outputs
 * the class of a row is its arg max (first on ties); with a single output it is 1 if the value is
 * above 0.5, else 0. Multi-label outputs (several sigmoid units) are scored unit by unit with the
 * threshold 0.5: {@link #hammingAccuracy}, {@link #subsetAccuracy}; {@link #accuracy(DMatrixRMaj,
 * DMatrixRMaj, AccuracyKind)} takes the kind that fits the task ({@link AccuracyKind#forLoss}).
 * Stateless and thread-safe.
 */
public final class Metrics {

    private Metrics() {
    }

    /**
     * Single-label accuracy: the fraction of rows whose predicted class (arg max, or threshold 0.5
     * for one output) equals the target's class. For several sigmoid outputs (multi-label) use
     * {@link #hammingAccuracy} or {@link #subsetAccuracy}.
     *
     * @param predictions network outputs, one sample per row; not modified
     * @param targets one-hot targets (or 0/1 for one output), one sample per row; not modified
     * @return the accuracy, in {@code [0, 1]}
     */
    public static double accuracy(DMatrixRMaj predictions, DMatrixRMaj targets) {
        sameShape(predictions, targets);
        int correct = 0;
        for (int i = 0; i < predictions.numRows; i++) {
            correct += classOf(predictions, i, false) == classOf(targets, i, false) ? 1 : 0;
        }
        return correct / (double) predictions.numRows;
    }

    /**
     * Accuracy of the given kind: the mean of {@link AccuracyKind}'s per-sample score.
     *
     * @param predictions network outputs, one sample per row; not modified
     * @param targets targets, one sample per row; not modified
     * @param kind how to count, e.g. {@code AccuracyKind.forLoss(loss, n_L)}
     * @return the accuracy, in {@code [0, 1]}
     * @throws IllegalArgumentException naming both shapes if they differ
     */
    public static double accuracy(DMatrixRMaj predictions, DMatrixRMaj targets, AccuracyKind kind) {
        sameShape(predictions, targets);
        Checks.notNull(kind, "accuracy kind");
        double sum = 0;
        for (int i = 0; i < predictions.numRows; i++) {
            sum += kind.score(predictions, false, targets, i);
        }
        return sum / predictions.numRows;
    }

    /**
     * Multi-label Hamming accuracy: the fraction of all {@code m n} units whose thresholded
     * prediction ({@code > 0.5}) equals the thresholded target.
     *
     * @param predictions network outputs, e.g. sigmoid units, one sample per row; not modified
     * @param targets 0/1 targets, one sample per row; not modified
     * @return the Hamming accuracy, in {@code [0, 1]}
     * @throws IllegalArgumentException naming both shapes if they differ
     */
    public static double hammingAccuracy(DMatrixRMaj predictions, DMatrixRMaj targets) {
        return accuracy(predictions, targets, AccuracyKind.HAMMING);
    }

    /**
     * Multi-label subset accuracy (exact match): the fraction of samples whose every unit is
     * predicted right, each unit thresholded at 0.5.
     *
     * @param predictions network outputs, e.g. sigmoid units, one sample per row; not modified
     * @param targets 0/1 targets, one sample per row; not modified
     * @return the subset accuracy, in {@code [0, 1]}
     * @throws IllegalArgumentException naming both shapes if they differ
     */
    public static double subsetAccuracy(DMatrixRMaj predictions, DMatrixRMaj targets) {
        sameShape(predictions, targets);
        int exact = 0;
        for (int i = 0; i < predictions.numRows; i++) {
            exact += AccuracyKind.HAMMING.score(predictions, false, targets, i) == 1.0 ? 1 : 0;
        }
        return exact / (double) predictions.numRows;
    }

    /**
     * The confusion matrix: {@code counts[actual][predicted]}.
     *
     * @param predictions network outputs, one sample per row; not modified
     * @param targets one-hot targets (or 0/1 for one output), one sample per row; not modified
     * @return the confusion matrix
     */
    public static ConfusionMatrix confusionMatrix(DMatrixRMaj predictions, DMatrixRMaj targets) {
        sameShape(predictions, targets);
        int classes = Math.max(2, predictions.numCols);
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < predictions.numRows; i++) {
            counts[classOf(targets, i, false)][classOf(predictions, i, false)]++;
        }
        return new ConfusionMatrix(counts);
    }

    /**
     * {@code (1/(m n)) sum (p - y)^2} over all elements.
     *
     * @param predictions network outputs, {@code m x n}; not modified
     * @param targets targets, {@code m x n}; not modified
     * @return the mean squared error
     */
    public static double meanSquaredError(DMatrixRMaj predictions, DMatrixRMaj targets) {
        sameShape(predictions, targets);
        double s = 0;
        for (int i = 0; i < predictions.getNumElements(); i++) {
            double r = predictions.data[i] - targets.data[i];
            s += r * r;
        }
        return s / predictions.getNumElements();
    }

    /**
     * {@code (1/(m n)) sum |p - y|} over all elements.
     *
     * @param predictions network outputs, {@code m x n}; not modified
     * @param targets targets, {@code m x n}; not modified
     * @return the mean absolute error
     */
    public static double meanAbsoluteError(DMatrixRMaj predictions, DMatrixRMaj targets) {
        sameShape(predictions, targets);
        double s = 0;
        for (int i = 0; i < predictions.getNumElements(); i++) {
            s += Math.abs(predictions.data[i] - targets.data[i]);
        }
        return s / predictions.getNumElements();
    }

    /**
     * The class of sample {@code i}: of row {@code i}, or of column {@code i} when
     * {@code columns} is true (the engine's layout).
     */
    static int classOf(DMatrixRMaj m, int i, boolean columns) {
        int n = columns ? m.numRows : m.numCols;
        int offset = columns ? i : i * m.numCols;
        int stride = columns ? m.numCols : 1;
        if (n == 1) {
            return m.data[offset] > 0.5 ? 1 : 0;
        }
        int best = 0;
        double max = m.data[offset];
        for (int k = 1; k < n; k++) {
            double v = m.data[offset + k * stride];
            if (v > max) {
                max = v;
                best = k;
            }
        }
        return best;
    }

    private static void sameShape(DMatrixRMaj p, DMatrixRMaj y) {
        Checks.nonEmpty(p, "predictions");
        Checks.notNull(y, "targets");
        if (p.numRows != y.numRows || p.numCols != y.numCols) {
            throw Checks.mismatch("", "predictions", p, "targets", y, "one sample per row; they must match");
        }
    }
}
