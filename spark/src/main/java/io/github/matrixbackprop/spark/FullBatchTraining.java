package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Lbfgs;
import io.github.matrixbackprop.optim.Optimizer;
import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * Training mode 1, exact full-batch training: each iteration evaluates the full-batch cost and
 * gradient on the cluster and takes one optimizer step on the driver.
 *
 * <pre>
 *   for k = 1..K:
 *       C_k, g_k = objective.evaluate()        (all m rows; one Spark job)
 *       theta    = optimizer.step(theta, g_k)  (on the driver, in place)
 * </pre>
 *
 * With {@code Sgd} (no momentum) this is gradient descent {@code theta <- theta - lr grad C(theta)};
 * any of the library's optimizers may drive it. {@link #run(FullBatchObjective, Lbfgs, int)} runs
 * L-BFGS instead, which calls {@link FullBatchObjective#evaluate(Gradients)} (its cost function)
 * whenever it needs the cost and gradient at new parameters: the same algorithm, numbers and
 * evaluation counts as {@code Lbfgs} on one machine with the collected rows, up to the rounding of
 * the partition sums.
 */
public final class FullBatchTraining {

    private FullBatchTraining() {
    }

    /**
     * Runs {@code iterations} full-batch steps of {@code optimizer} on {@code objective}.
     *
     * @param objective the full-batch cost and gradient
     * @param optimizer the optimizer, bound to {@code objective.network()}; its state is advanced
     * @param iterations the number of iterations, {@code >= 1}
     * @return the cost before every step, and the counts
     * @throws IllegalArgumentException if the optimizer is bound to another network or iterations is not positive
     * @throws IllegalStateException if a cost, gradient or updated parameter is not finite (the network then keeps the
     *                               parameters of the last finite iteration)
     */
    public static SparkTrainingResult run(FullBatchObjective objective, Optimizer optimizer, int iterations) {
        Checks.notNull(objective, "objective");
        Checks.notNull(optimizer, "optimizer");
        Checks.positive(iterations, "iterations");
        if (optimizer.network() != objective.network()) {
            throw new IllegalArgumentException("the optimizer is bound to another network than the objective");
        }
        Gradients g = Gradients.zerosLike(objective.network());
        List<Double> costs = new ArrayList<>();
        for (int k = 1; k <= iterations; k++) {
            double cost = objective.evaluate(g);
            Runs.requireFinite(cost, g, "full-batch iteration " + k);
            costs.add(cost);
            double[] before = FlatParameters.of(objective.network());
            optimizer.step(g);
            Runs.requireFiniteStep(objective.network(), before, "full-batch iteration " + k);
        }
        return new SparkTrainingResult(TrainingMode.FULL_BATCH, costs, iterations, iterations);
    }

    /**
     * Runs {@code steps} L-BFGS steps on {@code objective}: each is {@link Lbfgs#step} with the
     * objective as its cost function, up to the spec's {@code max_iter} iterations and
     * {@code max_eval} evaluations (one Spark job each).
     *
     * @param objective the full-batch cost and gradient
     * @param lbfgs the L-BFGS optimizer, bound to {@code objective.network()}; its state is advanced
     * @param steps the number of L-BFGS steps, {@code >= 1}
     * @return the cost at the start of every step, the steps and the evaluations
     * @throws IllegalArgumentException if the optimizer is bound to another network or steps is not positive
     * @throws IllegalStateException if a cost, gradient or updated parameter is not finite (the network and the optimizer
     *                               then keep the parameters and state from before the step)
     */
    public static SparkTrainingResult run(FullBatchObjective objective, Lbfgs lbfgs, int steps) {
        Checks.notNull(objective, "objective");
        Checks.notNull(lbfgs, "lbfgs");
        Checks.positive(steps, "steps");
        if (lbfgs.network() != objective.network()) {
            throw new IllegalArgumentException("the L-BFGS optimizer is bound to another network than the objective");
        }
        List<Double> costs = new ArrayList<>();
        long before = objective.evaluations();
        Optimizer.Checkpoint checkpoint = lbfgs.checkpoint();
        Network start = objective.network().copy();
        for (int k = 1; k <= steps; k++) {
            checkpoint.save();
            start.setParameters(objective.network());
            int step = k;
            double cost = Double.NaN;
            boolean done = false;
            try {
                cost = lbfgs.step(out -> {
                    double c = objective.evaluate(out);
                    Runs.requireFinite(c, out, "L-BFGS step " + step + ", evaluation " + lbfgs.functionEvaluations());
                    return c;
                });
                if (!Runs.finiteParameters(objective.network())) {
                    throw new IllegalStateException("L-BFGS step " + step + " made a parameter non-finite; the network"
                            + " keeps its parameters from before the step");
                }
                done = true;
            } finally {
                if (!done) { // any failure, a Spark job's too: the parameters and state from before the step
                    objective.network().setParameters(start);
                    checkpoint.restore();
                }
            }
            costs.add(cost);
        }
        return new SparkTrainingResult(TrainingMode.FULL_BATCH, costs, steps, objective.evaluations() - before);
    }
}
