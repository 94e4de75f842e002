package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Optimizer;
import io.github.matrixbackprop.optim.OptimizerSpec;
import io.github.matrixbackprop.optim.OptimizerState;
import io.github.matrixbackprop.util.Checks;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * Training mode 3, periodic model averaging (local SGD): every partition trains its own copy of the
 * network on its own rows for {@code K} steps, then the copies are averaged.
 *
 * <pre>
 *   S = E * ceil(m / (P' b))  local steps per partition (P' = partitions with rows),  R = ceil(S / K) rounds
 *   for r = 1..R:
 *       broadcast theta and the optimizer state u (moments, step count, learning rate)
 *       partition p (m_p rows):  theta_p = theta, u_p = u
 *           k steps (k = K, fewer in the last round) of the optimizer on mini-batches of b of its
 *           rows, in the order of its own seeded shuffles (seed_p = seed XOR p * 0x9E3779B97F4A7C15)
 *       driver:  theta = sum_p m_p theta_p / m,   u = sum_p m_p u_p / m   (partition order)
 * </pre>
 *
 * Each round costs one Spark job for {@code k} local steps, so the communication per sample falls
 * by {@code K} against {@link MiniBatchTraining}: the high-throughput mode. It is an approximation.
 * Within a round the copies drift apart on different data; the average of their parameters is not
 * the result of any single-machine training run, and averaging optimizer state (Adam's moment
 * estimates, for example) is a heuristic. With {@code K = 1}, plain SGD and partitions of equal
 * size it is synchronous SGD on a batch of {@code P' b} rows; as {@code K}, the learning rate or
 * the differences between the partitions' data grow, it converges more slowly than that, or to a
 * worse point, and it may diverge where single-machine training does not. Partitions whose rows
 * are not a random sample of the data (sorted by label, say) make it worse: shuffle the DataFrame
 * first. The result is deterministic for a fixed partitioning and seed.
 *
 * <p>With one partition and {@code K} a multiple of {@code ceil(m / b)}, the rounds are exactly the
 * single-machine trainer's epochs with the same seed.
 */
public final class ModelAveraging {

    /** The constant that separates the partitions' shuffle seeds, {@code seed_p = seed ^ (p * GAMMA)}. */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private ModelAveraging() {
    }

    /**
     * The seed of partition {@code p}'s shuffles: {@code seed ^ (p * 0x9E3779B97F4A7C15)}, so partition
     * 0 shuffles as the single-machine trainer does with {@code seed}.
     *
     * @param seed the run's seed
     * @param p the partition index
     * @return the partition's seed
     */
    public static long partitionSeed(long seed, int p) {
        return seed ^ (p * GAMMA);
    }

    /**
     * Trains {@code network} by periodic model averaging.
     *
     * @param data the cached training data
     * @param network the network; its parameters are replaced by the average after every round
     * @param loss the loss {@code c}
     * @param spec the optimizer every partition steps with; its state is averaged with the parameters
     * @param epochs the passes over the data (see the class comment for the number of local steps), {@code >= 1}
     * @param batchSize the local mini-batch size {@code b >= 1}
     * @param localSteps {@code K}, the local steps between two averagings, {@code >= 1}
     * @param seed the seed of the partitions' shuffles
     * @return the mean local mini-batch cost of every round, and the counts
     * @throws IllegalArgumentException if an argument is invalid, the data does not fit the network, or
     *                                  the loss or optimizer cannot be sent to the tasks
     * @throws IllegalStateException if a round ends with a non-finite cost or parameter (the network then
     *                               keeps the parameters of the last finite round)
     */
    public static SparkTrainingResult run(PartitionedData data, Network network, Loss loss, OptimizerSpec spec,
                                          int epochs, int batchSize, int localSteps, long seed) {
        Runs.requireFits(data, network, loss);
        Checks.notNull(spec, "optimizer");
        Checks.positive(epochs, "epochs");
        Checks.positive(batchSize, "batch size");
        Checks.positive(localSteps, "local steps");
        ShippedRecord<OptimizerSpec> shipped = ShippedRecord.of(spec, "optimizer");
        RunSpec run = RunSpec.create(Architecture.of(network), loss);
        int[] rows = data.partitionRowCounts();
        int active = 0;
        for (int r : rows) {
            active += r > 0 ? 1 : 0;
        }
        long perEpoch = ((long) data.rowCount() + (long) active * batchSize - 1) / ((long) active * batchSize);
        long total = epochs * perEpoch;
        Optimizer averaged = spec.create(network);
        OptimizerState template = averaged.state();
        int params = network.parameterCount();
        int slots = template.slots().size();
        int length = 3 + params * (1 + slots);
        List<Double> costs = new ArrayList<>();
        long jobs = 0;
        try {
            for (long s0 = 0; s0 < total; s0 += localSteps) {
                long s1 = Math.min(total, s0 + localSteps);
                OptimizerState state = averaged.state();
                RoundState round = new RoundState(FlatParameters.of(network), flatten(state, params), state.step(),
                        state.learningRate());
                Broadcast<RoundState> broadcast = Runs.context(data).broadcast(round);
                List<double[]> parts;
                try {
                    parts = data.blocks().mapPartitions(new LocalSteps(run, shipped, broadcast, rows, s0, s1,
                            batchSize, seed, data.format().blockRows(), length)).collect();
                } finally {
                    broadcast.destroy();
                }
                jobs++;
                double[] sum = new double[length];
                for (double[] part : parts) {
                    double w = part[0];
                    sum[0] += w;
                    sum[1] += part[1];
                    sum[2] += part[2];
                    for (int i = 3; i < length; i++) {
                        sum[i] += w * part[i];
                    }
                }
                double cost = sum[1] / sum[2];
                double[] theta = new double[params];
                for (int i = 0; i < params; i++) {
                    theta[i] = sum[3 + i] / sum[0];
                }
                requireFinite(cost, theta, s0 / localSteps + 1);
                FlatParameters.read(theta, network);
                List<List<double[]>> buffers = new ArrayList<>();
                for (int s = 0; s < slots; s++) {
                    List<double[]> tensors = new ArrayList<>();
                    int at = 3 + params * (1 + s);
                    for (double[] shape : template.buffers().get(s)) {
                        double[] t = new double[shape.length];
                        for (int i = 0; i < t.length; i++) {
                            t[i] = sum[at + i] / sum[0];
                        }
                        at += t.length;
                        tensors.add(t);
                    }
                    buffers.add(tensors);
                }
                averaged.restore(new OptimizerState(template.optimizer(), state.step() + (s1 - s0),
                        state.learningRate(), template.slots(), buffers));
                costs.add(cost);
            }
        } finally {
            Runs.finish(run, data);
        }
        return new SparkTrainingResult(TrainingMode.MODEL_AVERAGING, costs, total, jobs);
    }

    private static void requireFinite(double cost, double[] theta, long round) {
        boolean finite = Double.isFinite(cost);
        for (int i = 0; finite && i < theta.length; i++) {
            finite = Double.isFinite(theta[i]);
        }
        if (!finite) {
            throw new IllegalStateException("model averaging, round " + round + ": the " + (Double.isFinite(cost)
                    ? "averaged parameters are" : "cost is " + cost + " and the parameters are") + " not finite; the"
                    + " network keeps the parameters of the last finite round");
        }
    }

    /** Every slot of {@code state}, slot by slot and tensor by tensor, in one vector of {@code slots * P}. */
    private static double[] flatten(OptimizerState state, int params) {
        double[] out = new double[state.slots().size() * params];
        int at = 0;
        for (List<double[]> slot : state.buffers()) {
            for (double[] t : slot) {
                System.arraycopy(t, 0, out, at, t.length);
                at += t.length;
            }
        }
        return out;
    }

    /**
     * What a round starts from.
     *
     * @param parameters theta, flat
     * @param slots the optimizer's buffers, flat, slot by slot
     * @param step the optimizer's step count
     * @param learningRate the optimizer's learning rate
     */
    private record RoundState(double[] parameters, double[] slots, long step, double learningRate)
            implements Serializable {
    }

    /** A partition's local steps: {@code (m_p, summed cost, samples, theta_p, u_p)}; nothing if it has no rows. */
    private static final class LocalSteps implements FlatMapFunction<Iterator<RowBlock>, double[]> {

        private static final long serialVersionUID = 1L;

        private final RunSpec run;
        private final ShippedRecord<OptimizerSpec> spec;
        private final Broadcast<RoundState> round;
        private final int[] rows;
        private final long from;
        private final long to;
        private final int batchSize;
        private final long seed;
        private final int blockRows;
        private final int length;

        LocalSteps(RunSpec run, ShippedRecord<OptimizerSpec> spec, Broadcast<RoundState> round, int[] rows, long from,
                   long to, int batchSize, long seed, int blockRows, int length) {
            this.run = run;
            this.spec = spec;
            this.round = round;
            this.rows = rows;
            this.from = from;
            this.to = to;
            this.batchSize = batchSize;
            this.seed = seed;
            this.blockRows = blockRows;
            this.length = length;
        }

        @Override
        public Iterator<double[]> call(Iterator<RowBlock> blocks) {
            int p = TaskContext.getPartitionId();
            int m = rows[p];
            if (m == 0) {
                return Collections.emptyIterator();
            }
            List<RowBlock> list = RunSpec.list(blocks);
            PartitionWorker worker = run.take(p);
            RoundState start = round.value();
            FlatParameters.read(start.parameters(), worker.network);
            Optimizer optimizer = worker.optimizer(spec.get());
            optimizer.restore(unflatten(optimizer.state(), start));
            EpochOrder order = worker.localOrder(m, partitionSeed(seed, p));
            long perEpoch = (m + batchSize - 1) / batchSize;
            double costSum = 0;
            long samples = 0;
            for (long s = from; s < to; s++) {
                int[] o = order.epoch((int) (s / perEpoch) + 1);
                int a = (int) (s % perEpoch) * batchSize;
                int b = Math.min(m, a + batchSize);
                double cost = worker.computeOn(list, blockRows, o, a, b);
                costSum += cost * (b - a);
                samples += b - a;
                optimizer.step(worker.gradients);
            }
            double[] out = new double[length];
            out[0] = m;
            out[1] = costSum;
            out[2] = samples;
            int params = worker.network.parameterCount();
            FlatParameters.write(worker.network, out, 3);
            int at = 3 + params;
            for (List<double[]> slot : optimizer.state().buffers()) {
                for (double[] t : slot) {
                    System.arraycopy(t, 0, out, at, t.length);
                    at += t.length;
                }
            }
            run.give(p, worker);
            return List.of(out).iterator();
        }

        /** {@code template}'s structure with the round's buffers, step count and learning rate. */
        private static OptimizerState unflatten(OptimizerState template, RoundState start) {
            List<List<double[]>> buffers = new ArrayList<>();
            int at = 0;
            for (List<double[]> slot : template.buffers()) {
                List<double[]> tensors = new ArrayList<>();
                for (double[] t : slot) {
                    tensors.add(java.util.Arrays.copyOfRange(start.slots(), at, at + t.length));
                    at += t.length;
                }
                buffers.add(tensors);
            }
            return new OptimizerState(template.optimizer(), start.step(), start.learningRate(), template.slots(),
                    buffers);
        }
    }
}
