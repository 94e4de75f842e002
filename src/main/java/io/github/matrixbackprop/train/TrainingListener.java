package io.github.matrixbackprop.train;

/**
 * Receives progress from a {@link Trainer}, on the training thread. Both methods do nothing by
 * default. Per-batch calls come only when {@link TrainerConfig#batchEvents()} is on.
 */
public interface TrainingListener {

    /** Called after every epoch (after validation). */
    default void onEpochEnd(EpochReport report) {
    }

    /** Called after every step, when batch events are on. */
    default void onBatchEnd(BatchReport report) {
    }
}
