package io.github.matrixbackprop.train;

import java.util.List;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param history      one report per epoch run
 * @param bestEpoch    the epoch (from 1) with the lowest monitored cost
 * @param stoppedEarly whether early stopping ended training before the last epoch
 * @param accuracyKind the accuracy that fits the task, which every report of the history carries
 *     ({@link AccuracyKind#forLoss}), or {@code null} for regression
 */
public record TrainingResult(List<EpochReport> history, int bestEpoch, boolean stoppedEarly,
                             AccuracyKind accuracyKind) {

    /**
     * Copies the history.
     *
     * @param history one report per epoch run
     * @param bestEpoch the epoch (from 1) with the lowest monitored cost
     * @param stoppedEarly whether early stopping ended training before the last epoch
     * @param accuracyKind the accuracy that fits the task, or {@code null} for regression
     */
    public TrainingResult {
        history = List.copyOf(history);
    }

    /**
     * The report of the last epoch run.
     *
     * @return the last entry of the history
     */
    public EpochReport last() {
        return history.get(history.size() - 1);
    }

    /**
     * The name of the accuracy of the history, as progress lines and history files show it.
     *
     * @return {@link AccuracyKind#label()} of {@code accuracyKind}, e.g. {@code "binary acc"}, or
     *     {@code null} for regression
     */
    public String metricName() {
        return accuracyKind == null ? null : accuracyKind.label();
    }

    /**
     * The history as a table of its numbers, e.g. to write as CSV or to plot.
     *
     * @return the history of this result
     */
    public TrainingHistory toHistory() {
        return new TrainingHistory(history, accuracyKind);
    }
}
