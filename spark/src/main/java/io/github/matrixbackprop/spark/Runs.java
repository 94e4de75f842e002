package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.ejml.data.DMatrixRMaj;

/** What the drivers of the three training modes share. */
final class Runs {

    private Runs() {
    }

    /** The Spark context of the data. */
    static JavaSparkContext context(PartitionedData data) {
        return JavaSparkContext.fromSparkContext(data.blocks().context());
    }

    /** Requires {@code data} to fit {@code network}, and {@code loss} its output activation. */
    static void requireFits(PartitionedData data, Network network, Loss loss) {
        Checks.notNull(data, "data");
        Checks.notNull(network, "network");
        Checks.notNull(loss, "loss");
        if (data.inputs() != network.inputSize() || data.outputs() != network.outputSize()) {
            throw new IllegalArgumentException("the data has " + data.inputs() + " features and targets of width "
                    + data.outputs() + " but the network maps " + network.inputSize() + " inputs to "
                    + network.outputSize() + " outputs");
        }
        loss.checkOutputActivation(network.layer(network.depth()).activation());
        for (int l = 1; l <= network.depth(); l++) {
            if (network.layer(l).dropout() > 0) {
                throw new IllegalArgumentException("layer " + l + " has dropout " + network.layer(l).dropout()
                        + ", which the Spark modes do not draw (train it on one machine, or use a copy with"
                        + " Layer.withDropout(0))");
            }
        }
    }

    /**
     * After an optimizer step: if it made a parameter non-finite, puts back {@code before} (the
     * flat parameters from before the step) and throws.
     */
    static void requireFiniteStep(Network network, double[] before, String where) {
        if (!finiteParameters(network)) {
            FlatParameters.read(before, network);
            throw new IllegalStateException(where + ": the step made a parameter non-finite; the network keeps its"
                    + " last finite parameters");
        }
    }

    /** Whether every parameter of {@code network} is finite. */
    static boolean finiteParameters(Network network) {
        for (int l = 1; l <= network.depth(); l++) {
            for (double v : network.layer(l).weights().data) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            for (double v : network.layer(l).bias().data) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The element-wise sum of the partitions' results, added in the order of the list (the order of
     * the partitions, as {@code collect} returns them), never in the order the tasks finished: the
     * same partitioning gives the same bits on every run.
     */
    static double[] sumInOrder(List<double[]> parts, int length) {
        double[] sum = new double[length];
        for (double[] part : parts) {
            for (int i = 0; i < length; i++) {
                sum[i] += part[i];
            }
        }
        return sum;
    }

    /** Drops the run's cached workers, here and (on a cluster) on the executors that hold the data. */
    static void finish(RunSpec run, PartitionedData data) {
        WorkerCache.evict(run.id());
        if (!context(data).isLocal()) {
            String id = run.id();
            data.blocks().foreachPartition(blocks -> WorkerCache.evict(id));
        }
    }

    /** Throws if {@code cost} or a gradient element is not finite, naming what and where. */
    static void requireFinite(double cost, Gradients g, String where) {
        if (!Double.isFinite(cost)) {
            throw new IllegalStateException(where + ": the cost is " + cost + "; the network keeps its last finite"
                    + " parameters");
        }
        for (int l = 1; l <= g.depth(); l++) {
            if (!allFinite(g.weights(l)) || !allFinite(g.bias(l))) {
                throw new IllegalStateException(where + ": the gradient of layer " + l + " is not finite; the network"
                        + " keeps its last finite parameters");
            }
        }
    }

    private static boolean allFinite(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            if (!Double.isFinite(m.data[i])) {
                return false;
            }
        }
        return true;
    }
}
