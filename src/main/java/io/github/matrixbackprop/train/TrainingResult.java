package io.github.matrixbackprop.train;

import java.util.List;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param history      one report per epoch run
 * @param bestEpoch    the epoch (from 1) with the lowest monitored cost
 * @param stoppedEarly whether early stopping ended training before the last epoch
 */
public record TrainingResult(List<EpochReport> history, int bestEpoch, boolean stoppedEarly) {

    /**
     * Copies the history.
     *
     * @param history one report per epoch run
     * @param bestEpoch the epoch (from 1) with the lowest monitored cost
     * @param stoppedEarly whether early stopping ended training before the last epoch
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
}
