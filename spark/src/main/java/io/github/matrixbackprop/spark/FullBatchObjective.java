package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.CostFunction;
import io.github.matrixbackprop.util.Checks;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The full-batch cost and gradient of all {@code m} rows of a {@link PartitionedData} at the
 * network's current parameters, computed by the partitions and summed on the driver (training
 * mode 1; {@link TrainingMode#FULL_BATCH}).
 *
 * <p>The batch gradient is a sum over samples: (E3b) {@code grad_{W^l} C = Delta^l (A^{l-1})^T}
 * splits by the columns of {@code Delta^l} and {@code A^{l-1}}, (E4b) likewise. Each call of
 * {@link #evaluate(Gradients)}
 * <ol>
 *   <li>broadcasts the parameters {@code theta} (one flat vector of {@code P} doubles);</li>
 *   <li>in each partition {@code p}, for each cached block {@code b} of {@code m_b} rows, runs the
 *   library's engine, which gives the block's cost {@code C_b} and gradient {@code grad C_b} with
 *   the loss's normaliser {@code N_b} (the block's row count {@code m_b} for a plain loss, the sum of
 *   the samples' class weights with class weights), and adds up {@code s_p = sum_b N_b C_b},
 *   {@code N_p = sum_b N_b} and {@code G_p = sum_b N_b grad C_b} (the sums of the per-sample terms
 *   and their gradients);</li>
 *   <li>collects {@code (s_p, N_p, G_p)} and adds them on the driver <em>in partition order</em>:
 *   {@code C = (sum_p s_p) / N}, {@code grad C = (sum_p G_p) / N} with {@code N = sum_p N_p}.</li>
 * </ol>
 * This is the single-machine engine's {@code C} and {@code grad C} on all rows, up to the rounding
 * of a different summation order (relative differences of order {@code 1e-15}; the tests require
 * {@code 1e-12}). The results never depend on the order in which the tasks finish, so a fixed
 * partitioning gives bit-identical results on every run.
 *
 * <p>Cost per call: one Spark job; {@code P x 8} bytes broadcast and {@code (P + 2) x 8} bytes
 * collected per non-empty partition.
 *
 * <p>This is the function a full-batch optimizer drives: {@link FullBatchTraining} runs gradient
 * descent (or any of the library's optimizers) on it, and a quasi-Newton method such as L-BFGS,
 * which re-evaluates cost and gradient after each change of the parameters, uses
 * {@code objective::evaluate} as its closure.
 *
 * <p>The objective is bound to one network and reads its parameters at each call (an optimizer
 * updates them in place between calls); it never modifies them. Driver-side, not thread-safe.
 * {@link #close()} drops the partitions' cached engines.
 */
public final class FullBatchObjective implements CostFunction, AutoCloseable {

    private final PartitionedData data;
    private final Network network;
    private final Loss loss;
    private final RunSpec run;
    private long evaluations;

    /**
     * The full-batch objective of {@code network} with {@code loss} on {@code data}.
     *
     * @param data the cached training data
     * @param network the network; its parameters are read at every evaluation, never modified
     * @param loss the loss {@code c}
     * @throws IllegalArgumentException if the data's widths do not fit the network, the loss does not fit
     *                                  its output activation, or an activation is not a built-in one
     */
    public FullBatchObjective(PartitionedData data, Network network, Loss loss) {
        Runs.requireFits(data, network, loss);
        this.data = data;
        this.network = network;
        this.loss = loss;
        this.run = RunSpec.create(Architecture.of(network), loss);
    }

    /**
     * The network whose parameters are evaluated.
     *
     * @return the network
     */
    public Network network() {
        return network;
    }

    /**
     * The loss.
     *
     * @return the loss {@code c}
     */
    public Loss loss() {
        return loss;
    }

    /**
     * The number of evaluations so far (one Spark job each).
     *
     * @return the number of calls of {@link #evaluate(Gradients)}
     */
    public long evaluations() {
        return evaluations;
    }

    /**
     * Computes the cost {@code C = sum_i l_i / N} of all {@code m} rows ({@code N} the loss's
     * normaliser: {@code C = (1/m) sum_i c(a_i^L, y_i)} for a loss without class weights; {@code 0}
     * if every weight is 0) and its gradient by every {@code W^l} and {@code b^l} at the network's current parameters, as the
     * class comment describes.
     *
     * @param out receives {@code grad C}, shaped like the network's parameters; overwritten
     * @return the cost {@code C}
     * @throws IllegalArgumentException if {@code out} is not shaped like the network's parameters
     */
    @Override
    public double evaluate(Gradients out) {
        Checks.notNull(out, "gradients");
        out.requireShapeOf(network);
        int length = network.parameterCount() + 2;
        Broadcast<double[]> parameters = Runs.context(data).broadcast(FlatParameters.of(network));
        try {
            List<double[]> parts = data.blocks().mapPartitions(new BlockSums(run, parameters, length)).collect();
            double[] sum = Runs.sumInOrder(parts, length);
            evaluations++;
            if (!(sum[1] > 0)) { // every weight 0: C = 0 and a zero gradient, as the engine defines it
                out.zero();
                return 0.0;
            }
            FlatParameters.read(sum, 2, sum[1], out);
            return sum[0] / sum[1];
        } finally {
            parameters.destroy();
        }
    }

    /** Drops the partitions' cached engines of this objective. */
    @Override
    public void close() {
        Runs.finish(run, data);
    }

    /** A partition's {@code (s_p, m_p, G_p)}; nothing for an empty partition. */
    private static final class BlockSums implements FlatMapFunction<Iterator<RowBlock>, double[]> {

        private static final long serialVersionUID = 1L;

        private final RunSpec run;
        private final Broadcast<double[]> parameters;
        private final int length;

        BlockSums(RunSpec run, Broadcast<double[]> parameters, int length) {
            this.run = run;
            this.parameters = parameters;
            this.length = length;
        }

        @Override
        public Iterator<double[]> call(Iterator<RowBlock> blocks) {
            if (!blocks.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            int p = TaskContext.getPartitionId();
            PartitionWorker worker = run.take(p);
            FlatParameters.read(parameters.value(), worker.network);
            double[] out = new double[length];
            while (blocks.hasNext()) {
                worker.addBlockSums(blocks.next(), out);
            }
            run.give(p, worker);
            return List.of(out).iterator();
        }
    }
}
