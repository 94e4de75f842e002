package io.github.matrixbackprop.train;

/**
 * Receives progress from a {@link Trainer}, on the training thread. Both methods do nothing by
 * default. Per-batch calls come only when {@link TrainerConfig#batchEvents()} is on.
 */
public interface TrainingListener {

    /**
     * Called after every epoch (after validation).
     *
     * @param report the epoch's costs, accuracies, learning rate and timing
     */
    default void onEpochEnd(EpochReport report) {
    }

    /**
     * Called after every step, when batch events are on.
     *
     * @param report the step's cost and position
     */
    default void onBatchEnd(BatchReport report) {
    }
}
