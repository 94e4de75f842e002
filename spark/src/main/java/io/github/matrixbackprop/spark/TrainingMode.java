package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.util.Checks;
import java.util.Arrays;

/** The three ways {@link NetworkEstimator} trains on a DataFrame; docs/spark.md compares them. */
public enum TrainingMode {

    /**
     * Exact full-batch training: every iteration evaluates the cost and gradient of all rows
     * ({@link FullBatchObjective}) and takes one optimizer step on the driver
     * ({@link FullBatchTraining}). Equal to the single-machine engine on the collected data up to
     * rounding; bit-identical run to run for a fixed partitioning.
     */
    FULL_BATCH("full-batch"),

    /**
     * Synchronous mini-batch training ({@link MiniBatchTraining}): each step's mini-batch is drawn
     * by global row index as the single-machine trainer draws it, the partitions compute their
     * rows' share of its gradient, the shares are summed and the optimizer steps on the driver.
     * The same mathematics as the single-machine trainer with the same seed, up to rounding.
     */
    MINI_BATCH("mini-batch"),

    /**
     * Periodic model averaging ({@link ModelAveraging}): every partition takes {@code K} local
     * optimizer steps on its own rows, then parameters and optimizer state are averaged. Fewer
     * synchronisations, hence more throughput, but an approximation: it is not the single-machine
     * training of any batch size, and converges differently.
     */
    MODEL_AVERAGING("model-averaging");

    private final String label;

    TrainingMode(String label) {
        this.label = label;
    }

    /**
     * The mode's name as the estimator's {@code mode} parameter takes it, e.g. {@code "full-batch"}.
     *
     * @return the name
     */
    public String label() {
        return label;
    }

    /**
     * The mode named {@code label}.
     *
     * @param label {@code "full-batch"}, {@code "mini-batch"} or {@code "model-averaging"}
     * @return the mode
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static TrainingMode of(String label) {
        for (TrainingMode m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown training mode " + Checks.quote(label) + "; known: "
                + Arrays.toString(labels()));
    }

    /**
     * The names of all modes.
     *
     * @return {@code full-batch}, {@code mini-batch}, {@code model-averaging}
     */
    public static String[] labels() {
        return Arrays.stream(values()).map(TrainingMode::label).toArray(String[]::new);
    }
}
