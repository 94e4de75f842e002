package io.github.matrixbackprop.train;

import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * How accuracy is counted; it follows the task, given by the loss and the output width.
 * A prediction and a target are read one sample per row ({@code m x n}).
 */
public enum AccuracyKind {

    /**
     * Single-label classification (softmax cross-entropy): a sample is right when its predicted
     * class is the target's class. The class of a row of {@code n > 1} values is its arg max
     * (first on ties); of a single value, 1 if it is above 0.5, else 0.
     */
    CLASS("acc"),

    /**
     * Binary classification (binary cross-entropy on one sigmoid unit): a sample is right when its
     * output and its target are both above 0.5 or both not. The output is a score, so the
     * threshold-free {@link Metrics#rocAuc ROC AUC} also applies.
     */
    BINARY("binary acc"),

    /**
     * Multi-label classification (binary cross-entropy on several sigmoid units), Hamming
     * accuracy: every unit is a yes/no answer, predicted yes when above 0.5 (targets likewise);
     * the fraction of all units answered right.
     */
    HAMMING("hamming acc");

    private final String label;

    AccuracyKind(String label) {
        this.label = label;
    }

    /**
     * The short label of progress lines and history files: {@code "acc"}, {@code "binary acc"} or
     * {@code "hamming acc"}.
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    /**
     * The kind of accuracy that fits {@code loss} on {@code outputs} output units.
     *
     * @param loss the training loss
     * @param outputs {@code n_L}
     * @return {@link #CLASS} for softmax cross-entropy, {@link #BINARY} for binary cross-entropy on
     *     one unit, {@link #HAMMING} for binary cross-entropy on several, {@code null} for regression
     *     losses
     * @throws NullPointerException if {@code loss} is null
     * @throws IllegalArgumentException if {@code outputs} is not positive
     */
    public static AccuracyKind forLoss(Loss loss, int outputs) {
        Checks.notNull(loss, "loss");
        Checks.positive(outputs, "outputs n_L");
        return switch (loss.name()) {
            case "softmax_cross_entropy" -> CLASS;
            case "binary_cross_entropy" -> outputs == 1 ? BINARY : HAMMING;
            default -> null;
        };
    }

    /**
     * How right sample {@code i} is: 0 or 1 for {@link #CLASS} and {@link #BINARY}, the fraction of
     * its units answered right for {@link #HAMMING}.
     *
     * @param prediction the predictions, one sample per row, or per column if {@code columns}
     * @param columns whether {@code prediction} holds samples as columns (the engine's layout)
     * @param targets the targets, one sample per row
     * @param i the sample
     * @return the score of sample {@code i}, in {@code [0, 1]}
     */
    double score(DMatrixRMaj prediction, boolean columns, DMatrixRMaj targets, int i) {
        if (this != HAMMING) {
            return Metrics.classOf(prediction, i, columns) == Metrics.classOf(targets, i, false) ? 1 : 0;
        }
        int n = targets.numCols;
        int right = 0;
        for (int k = 0; k < n; k++) {
            double p = columns ? prediction.data[k * prediction.numCols + i] : prediction.data[i * n + k];
            right += (p > 0.5) == (targets.data[i * n + k] > 0.5) ? 1 : 0;
        }
        return right / (double) n;
    }
}
