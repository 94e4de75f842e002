package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Optimizer;
import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * Training mode 2, synchronous mini-batch training: the single-machine trainer's mathematics with
 * the gradient of each mini-batch computed by the partitions that hold its rows.
 *
 * <pre>
 *   order = 0..m-1;  random = SplittableRandom(seed)
 *   for epoch = 1..E:
 *       shuffle order with random (Fisher-Yates, as the single-machine Trainer)
 *       for each batch B = order[jb .. min(m, (j+1)b)):       (global row indices)
 *           broadcast theta
 *           partition p:  k_p = |B ∩ rows of p|,  its rows gathered into X_p, Y_p (k_p rows)
 *                         s_p = N_p C(X_p, Y_p),   G_p = N_p grad C(X_p, Y_p)
 *                         (N_p the loss's normaliser of those rows: k_p for a plain loss)
 *           driver:       C = (sum_p s_p) / (sum_p N_p),  g = (sum_p G_p) / (sum_p N_p)   (partition order)
 *                         theta = optimizer.step(theta, g)
 * </pre>
 *
 * The batches are the ones {@code Trainer} draws for the same seed and batch size on the rows in
 * DataFrame order ({@link PartitionedData#collect()}), and {@code g} is the engine's gradient on
 * that batch up to rounding, so the parameters follow single-machine training to within rounding
 * (the tests require {@code 1e-10} after several steps). Any of the library's optimizers steps on
 * the driver, with its full state there.
 *
 * <p>Cost per step: one Spark job; {@code P x 8} bytes broadcast, the batch's row indices in the
 * tasks' closures, and {@code (P + 2) x 8} bytes collected from each partition that holds rows of
 * the batch. With small batches the per-job latency dominates; docs/spark.md has the measurements.
 */
public final class MiniBatchTraining {

    private MiniBatchTraining() {
    }

    /**
     * Trains {@code network} for {@code epochs} epochs of mini-batches of {@code batchSize} rows.
     *
     * @param data the cached training data
     * @param network the network; its parameters are updated in place
     * @param loss the loss {@code c}
     * @param optimizer the optimizer, bound to {@code network}; its state is advanced
     * @param epochs the number of passes over the data, {@code >= 1}
     * @param batchSize the mini-batch size {@code b >= 1} (the last batch of an epoch may be smaller)
     * @param seed the seed of the shuffles
     * @return the mean mini-batch cost of every epoch, and the counts
     * @throws IllegalArgumentException if an argument is invalid or the data does not fit the network
     * @throws IllegalStateException if a cost or gradient is not finite (the network then keeps the
     *                               parameters of the last finite step)
     */
    public static SparkTrainingResult run(PartitionedData data, Network network, Loss loss, Optimizer optimizer,
                                          int epochs, int batchSize, long seed) {
        Runs.requireFits(data, network, loss);
        Checks.notNull(optimizer, "optimizer");
        if (optimizer.network() != network) {
            throw new IllegalArgumentException("the optimizer is bound to another network");
        }
        Checks.positive(epochs, "epochs");
        Checks.positive(batchSize, "batch size");
        RunSpec run = RunSpec.create(Architecture.of(network), loss);
        JavaSparkContext context = Runs.context(data);
        int m = data.rowCount();
        int length = network.parameterCount() + 2;
        int[] offsets = new int[data.partitionCount() + 1];
        for (int p = 0; p < data.partitionCount(); p++) {
            offsets[p + 1] = offsets[p] + data.partitionRowCounts()[p];
        }
        int blockRows = data.format().blockRows();
        EpochOrder order = new EpochOrder(m, seed);
        Gradients g = Gradients.zerosLike(network);
        List<Double> costs = new ArrayList<>();
        int batches = (m + batchSize - 1) / batchSize;
        long steps = 0;
        try {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                int[] rows = order.epoch(epoch);
                double costSum = 0;
                double normSum = 0;
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize;
                    int to = Math.min(m, from + batchSize);
                    int[] batch = Arrays.copyOfRange(rows, from, to);
                    double[] before = FlatParameters.of(network); // theta, sent now, restored if the step fails
                    Broadcast<double[]> parameters = context.broadcast(before);
                    double[] sum;
                    try {
                        sum = Runs.sumInOrder(data.blocks().mapPartitions(
                                new BatchSums(run, parameters, batch, offsets, blockRows, length)).collect(), length);
                    } finally {
                        parameters.destroy();
                    }
                    double cost;
                    if (sum[1] > 0) {
                        cost = sum[0] / sum[1];
                        FlatParameters.read(sum, 2, sum[1], g);
                    } else { // every weight of the batch 0: C = 0 and a zero gradient, as the engine defines it
                        cost = 0.0;
                        g.zero();
                    }
                    Runs.requireFinite(cost, g, "epoch " + epoch + ", batch " + (b + 1));
                    costSum += sum[0];
                    normSum += sum[1];
                    optimizer.step(g);
                    Runs.requireFiniteStep(network, before, "epoch " + epoch + ", batch " + (b + 1));
                    steps++;
                }
                costs.add(normSum > 0 ? costSum / normSum : 0.0); // sum_b N_b C_b / sum_b N_b
            }
        } finally {
            Runs.finish(run, data);
        }
        return new SparkTrainingResult(TrainingMode.MINI_BATCH, costs, steps, steps);
    }

    /** A partition's {@code (s_p, k_p, G_p)} for its rows of the batch; nothing if it holds none. */
    private static final class BatchSums implements FlatMapFunction<Iterator<RowBlock>, double[]> {

        private static final long serialVersionUID = 1L;

        private final RunSpec run;
        private final Broadcast<double[]> parameters;
        private final int[] batch;
        private final int[] offsets;
        private final int blockRows;
        private final int length;

        BatchSums(RunSpec run, Broadcast<double[]> parameters, int[] batch, int[] offsets, int blockRows, int length) {
            this.run = run;
            this.parameters = parameters;
            this.batch = batch;
            this.offsets = offsets;
            this.blockRows = blockRows;
            this.length = length;
        }

        @Override
        public Iterator<double[]> call(Iterator<RowBlock> blocks) {
            int p = TaskContext.getPartitionId();
            int[] local = new int[batch.length];
            int k = 0;
            for (int i : batch) {
                if (i >= offsets[p] && i < offsets[p + 1]) {
                    local[k++] = i - offsets[p];
                }
            }
            if (k == 0) {
                return Collections.emptyIterator();
            }
            PartitionWorker worker = run.take(p);
            FlatParameters.read(parameters.value(), worker.network);
            double cost = worker.computeOn(RunSpec.list(blocks), blockRows, local, 0, k);
            double[] out = new double[length];
            double n = worker.normaliser();
            out[0] = n * cost;
            out[1] = n;
            FlatParameters.add(worker.gradients, n, out, 2);
            run.give(p, worker);
            return List.of(out).iterator();
        }
    }
}
