package io.github.matrixbackprop.train;

import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Evaluation metrics on predictions and targets given one sample per row ({@code m x n}).
 *
 * <p>Single-label classes ({@link #accuracy}, {@link #confusionMatrix}): with {@code n > 1} outputs
 * the class of a row is its arg max (first on ties); with a single output it is 1 if the value is
 * above 0.5, else 0. Multi-label outputs (several sigmoid units) are scored unit by unit with the
 * threshold 0.5: {@link #hammingAccuracy}, {@link #subsetAccuracy}; {@link #accuracy(DMatrixRMaj,
 * DMatrixRMaj, AccuracyKind)} takes the kind that fits the task ({@link AccuracyKind#forLoss}).
 * Per-class precision, recall and F1 ({@link #precisionRecallF1}) follow the same reading; a
 * single score column (one sigmoid unit) also has the threshold-free {@link #rocAuc ROC AUC}.
 * Ratios with a zero denominator are 0 (see {@link ClassificationReport}). The values agree with
 * scikit-learn's {@code precision_recall_fscore_support}, {@code hamming_loss},
 * {@code accuracy_score} and {@code roc_auc_score} (tested to 1e-12). Stateless and thread-safe.
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
     * @throws IllegalArgumentException naming both shapes if they differ, or the shape if {@code kind} is
     *     {@link AccuracyKind#BINARY} and there is more than one column
     */
    public static double accuracy(DMatrixRMaj predictions, DMatrixRMaj targets, AccuracyKind kind) {
        sameShape(predictions, targets);
        Checks.notNull(kind, "accuracy kind");
        oneColumnIfBinary(predictions, kind);
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
     * Single-label precision, recall and F1 per class: {@link #precisionRecallF1(DMatrixRMaj,
     * DMatrixRMaj, AccuracyKind)} with {@link AccuracyKind#CLASS}, i.e. one-vs-rest for every class
     * of the {@link #confusionMatrix confusion matrix}.
     *
     * @param predictions network outputs, one sample per row; not modified
     * @param targets one-hot targets (or 0/1 for one output), one sample per row; not modified
     * @return the report, with {@code max(2, n)} classes
     * @throws IllegalArgumentException naming both shapes if they differ
     */
    public static ClassificationReport precisionRecallF1(DMatrixRMaj predictions, DMatrixRMaj targets) {
        return precisionRecallF1(predictions, targets, AccuracyKind.CLASS);
    }

    /**
     * Precision, recall and F1 per class, read as {@code kind} says (see {@link ClassificationReport}
     * for the formulas, the averages and the zero-division convention).
     * <ul>
     *   <li>{@link AccuracyKind#CLASS}, {@link AccuracyKind#BINARY}: one class per sample (arg max, or
     *       for one column above 0.5 or not), each class one-vs-rest: with the confusion matrix
     *       {@code C[actual][predicted]}, {@code TP_k = C[k][k]}, {@code FP_k = sum_a C[a][k] - TP_k},
     *       {@code FN_k = sum_p C[k][p] - TP_k}. One column gives the two classes 0 and 1.</li>
     *   <li>{@link AccuracyKind#HAMMING}: multi-label, every unit {@code k} its own yes/no class,
     *       prediction and target yes when above 0.5: {@code TP_k} counts the rows with both yes,
     *       {@code FP_k} prediction yes and target no, {@code FN_k} prediction no and target yes.</li>
     * </ul>
     *
     * @param predictions network outputs, {@code m x n}, one sample per row; not modified
     * @param targets targets, {@code m x n}, one sample per row; not modified
     * @param kind how to read them, e.g. {@code AccuracyKind.forLoss(loss, n_L)}
     * @return the report: {@code max(2, n)} classes for single-label, {@code n} units for multi-label
     * @throws IllegalArgumentException naming both shapes if they differ, or the shape if {@code kind} is
     *     {@link AccuracyKind#BINARY} and there is more than one column
     * @throws NullPointerException if an argument is null
     */
    public static ClassificationReport precisionRecallF1(DMatrixRMaj predictions, DMatrixRMaj targets,
                                                         AccuracyKind kind) {
        sameShape(predictions, targets);
        Checks.notNull(kind, "accuracy kind");
        oneColumnIfBinary(predictions, kind);
        List<ClassificationReport.Counts> classes = new ArrayList<>();
        if (kind == AccuracyKind.HAMMING) {
            int n = predictions.numCols;
            for (int k = 0; k < n; k++) {
                long tp = 0;
                long fp = 0;
                long fn = 0;
                for (int i = 0; i < predictions.numRows; i++) {
                    boolean p = predictions.data[i * n + k] > 0.5;
                    boolean y = targets.data[i * n + k] > 0.5;
                    tp += p && y ? 1 : 0;
                    fp += p && !y ? 1 : 0;
                    fn += !p && y ? 1 : 0;
                }
                classes.add(new ClassificationReport.Counts(tp, fp, fn));
            }
            return new ClassificationReport(classes, true);
        }
        ConfusionMatrix c = confusionMatrix(predictions, targets);
        for (int k = 0; k < c.classes(); k++) {
            long predicted = 0;
            long actual = 0;
            for (int j = 0; j < c.classes(); j++) {
                predicted += c.count(j, k);
                actual += c.count(k, j);
            }
            long tp = c.count(k, k);
            classes.add(new ClassificationReport.Counts(tp, predicted - tp, actual - tp));
        }
        return new ClassificationReport(classes, false);
    }

    /**
     * The area under the ROC curve of one score column, exactly, as the Mann-Whitney statistic: the
     * probability that a positive sample scores above a negative one, ties counting 1/2,
     * <pre>
     *   AUC = (1 / (n_+ n_-)) sum_{i positive} sum_{j negative} ([s_i &gt; s_j] + [s_i = s_j] / 2)
     * </pre>
     * A target is positive when above 0.5. Computed from the two sorted score lists in
     * {@code O(m log m)}: the double sum is a whole number of half-units, counted exactly, and
     * divided once (the correctly rounded fraction while {@code 2 n_+ n_- < 2^53}, i.e. for any
     * {@code m} below about {@code 10^8}); 1 when every positive scores above every negative, 0.5
     * when all scores are tied. Allocates two arrays of the class sizes.
     *
     * @param scores the scores, {@code m x 1}, e.g. the outputs of one sigmoid unit; not modified
     * @param targets the 0/1 targets, {@code m x 1}; not modified
     * @return the ROC AUC, in {@code [0, 1]}
     * @throws IllegalArgumentException naming both shapes if they differ, the shape if there is more than
     *     one column, the row of a non-finite score, or if the targets hold only one class (the AUC is
     *     undefined then)
     * @throws NullPointerException if an argument is null
     */
    public static double rocAuc(DMatrixRMaj scores, DMatrixRMaj targets) {
        sameShape(scores, targets);
        if (scores.numCols != 1) {
            throw new IllegalArgumentException("ROC AUC needs one score column (one sigmoid unit) but the scores are "
                    + Checks.shape(scores));
        }
        Checks.allFinite(scores, "ROC AUC: scores");
        int m = scores.numRows;
        int positives = 0;
        for (int i = 0; i < m; i++) {
            positives += targets.data[i] > 0.5 ? 1 : 0;
        }
        if (positives == 0 || positives == m) {
            throw new IllegalArgumentException("ROC AUC needs samples of both classes but all " + m
                    + " targets are " + (positives == 0 ? "negative (0.5 or below)" : "positive (above 0.5)"));
        }
        double[] pos = new double[positives];
        double[] neg = new double[m - positives];
        for (int i = 0, p = 0, n = 0; i < m; i++) {
            double s = scores.data[i] + 0.0; // -0.0 becomes 0.0: equal scores sort together
            if (targets.data[i] > 0.5) {
                pos[p++] = s;
            } else {
                neg[n++] = s;
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        long halves = 0; // 2 * sum over positives of (#negatives below + #negatives tied / 2)
        int below = 0;
        int notAbove = 0;
        for (double s : pos) {
            while (below < neg.length && neg[below] < s) {
                below++;
            }
            notAbove = Math.max(notAbove, below);
            while (notAbove < neg.length && neg[notAbove] <= s) {
                notAbove++;
            }
            halves += below + (long) notAbove;
        }
        return halves / (2.0 * positives * neg.length);
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

    private static void oneColumnIfBinary(DMatrixRMaj p, AccuracyKind kind) {
        if (kind == AccuracyKind.BINARY && p.numCols != 1) {
            throw new IllegalArgumentException("binary accuracy needs one output column (one sigmoid unit) but the"
                    + " predictions are " + Checks.shape(p));
        }
    }

    private static void sameShape(DMatrixRMaj p, DMatrixRMaj y) {
        Checks.nonEmpty(p, "predictions");
        Checks.notNull(y, "targets");
        if (p.numRows != y.numRows || p.numCols != y.numCols) {
            throw Checks.mismatch("", "predictions", p, "targets", y, "one sample per row; they must match");
        }
    }
}
