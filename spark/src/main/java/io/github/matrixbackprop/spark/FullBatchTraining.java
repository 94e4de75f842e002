package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.backprop.Gradients;
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
 * any of the library's optimizers may drive it. A quasi-Newton driver (L-BFGS) plugs in at the same
 * place: it calls {@link FullBatchObjective#evaluate(Gradients)} whenever it needs cost and
 * gradient at new parameters.
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
     * @throws IllegalStateException if a cost or gradient is not finite (the network then keeps the
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
            // the step: gradient descent or another first-order optimizer; an L-BFGS driver replaces
            // this loop and calls objective.evaluate(g) itself
            optimizer.step(g);
        }
        return new SparkTrainingResult(TrainingMode.FULL_BATCH, costs, iterations, iterations);
    }
}
