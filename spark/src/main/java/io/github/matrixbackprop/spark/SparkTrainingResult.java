package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.util.Checks;
import java.util.List;

/**
 * What a distributed training run did.
 *
 * @param mode the training mode
 * @param costs the training cost as the run measured it: for {@link TrainingMode#FULL_BATCH} the
 *              full-batch cost {@code C} at the start of every iteration; for
 *              {@link TrainingMode#MINI_BATCH} the mean of the mini-batch costs of every epoch (weighted
 *              by batch size, as the single-machine trainer reports it); for
 *              {@link TrainingMode#MODEL_AVERAGING} the mean cost of the local mini-batches of every round
 * @param steps the optimizer steps taken: on the driver (modes 1 and 2), or by each partition (mode 3)
 * @param jobs the Spark jobs run, one per iteration, step or round: the number of synchronisations
 */
public record SparkTrainingResult(TrainingMode mode, List<Double> costs, long steps, long jobs) {

    /**
     * Copies the list.
     *
     * @param mode the training mode
     * @param costs the training costs, see the record comment
     * @param steps the optimizer steps taken
     * @param jobs the Spark jobs run
     */
    public SparkTrainingResult {
        Checks.notNull(mode, "mode");
        costs = List.copyOf(Checks.notNull(costs, "costs"));
    }

    /**
     * The last cost of {@link #costs()}, or NaN if there is none.
     *
     * @return the last recorded cost
     */
    public double lastCost() {
        return costs.isEmpty() ? Double.NaN : costs.get(costs.size() - 1);
    }
}
