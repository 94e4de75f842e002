package io.github.matrixbackprop.train;

/**
 * Receives progress from a {@link Trainer}, on the training thread. Both callbacks do nothing by
 * default. Per-batch calls come when {@link TrainerConfig#batchEvents()} is on or a listener
 * {@link #needsBatchEvents() needs them}; every listener receives them then.
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

    /**
     * Whether this listener needs {@link #onBatchEnd} calls whatever the configuration says (e.g.
     * {@link ProgressBar}); the trainer asks once when {@code fit} starts.
     *
     * @return {@code false} by default
     */
    default boolean needsBatchEvents() {
        return false;
    }
}
