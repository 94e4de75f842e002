package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.kernel.Kernels;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Optimizer;
import io.github.matrixbackprop.optim.OptimizerSpec;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * What a task computes with on its partition: a copy of the network (loaded from the broadcast
 * parameters at every task), the engine bound to it, gradients, buffers for gathered mini-batches
 * and, for local steps, an optimizer and the partition's sample order. Reused across the steps of
 * a run through {@link WorkerCache}; used by one task at a time.
 */
final class PartitionWorker {

    final Network network;
    final Backprop engine;
    final Gradients gradients;
    private final DMatrixRMaj xb;
    private final DMatrixRMaj yb;
    private Optimizer optimizer;
    private EpochOrder localOrder;

    /** A worker for {@code architecture} and {@code loss}, its products on {@code threads} threads. */
    PartitionWorker(Architecture architecture, Loss loss, int threads) {
        network = architecture.build();
        engine = new Backprop(network, loss, Kernels.withThreads(threads));
        gradients = Gradients.zerosLike(network);
        xb = new DMatrixRMaj(0, architecture.inputs());
        yb = new DMatrixRMaj(0, architecture.outputs());
    }

    /**
     * Adds {@code N_b C_b} and {@code N_b grad C_b} of every block to {@code out}: {@code out[0]} the
     * summed cost, {@code out[1]} the summed normaliser, {@code out[2..]} the summed gradient (flat).
     * The engine's cost of a block is {@code C_b = sum_i l_i / N_b} with the loss's normaliser
     * {@code N_b} ({@link Backprop#normaliser()}: the block's row count {@code m_b} for a plain loss,
     * {@code sum_i w_{y_i}} with class weights), so {@code N_b C_b} is the sum of the per-sample terms
     * and {@code N_b grad C_b} the sum of their gradients.
     */
    void addBlockSums(RowBlock block, double[] out) {
        double cost = engine.compute(block.x, block.y, gradients);
        double n = engine.normaliser();
        out[0] += n * cost;
        out[1] += n;
        FlatParameters.add(gradients, n, out, 2);
    }

    /** The loss's normaliser {@code N} of the engine's last call (see {@link #addBlockSums}). */
    double normaliser() {
        return engine.normaliser();
    }

    /**
     * Gathers the partition's rows {@code rows[from..to)} (indices within the partition) from its
     * blocks into the mini-batch buffers and returns the engine's mean cost over them, with the mean
     * gradient in {@link #gradients}.
     */
    double computeOn(List<RowBlock> blocks, int blockRows, int[] rows, int from, int to) {
        int k = to - from;
        xb.reshape(k, xb.numCols);
        yb.reshape(k, yb.numCols);
        int n0 = xb.numCols;
        int nL = yb.numCols;
        for (int i = 0; i < k; i++) {
            int r = rows[from + i];
            RowBlock b = blocks.get(r / blockRows);
            int at = r - b.firstRow;
            System.arraycopy(b.x.data, at * n0, xb.data, i * n0, n0);
            System.arraycopy(b.y.data, at * nL, yb.data, i * nL, nL);
        }
        return engine.compute(xb, yb, gradients);
    }

    /** The worker's optimizer, made from {@code spec} for its network on first use. */
    Optimizer optimizer(OptimizerSpec spec) {
        if (optimizer == null) {
            optimizer = spec.create(network);
        }
        return optimizer;
    }

    /** The sample order of this partition's {@code rows} rows under {@code seed}. */
    EpochOrder localOrder(int rows, long seed) {
        if (localOrder == null || localOrder.size() != rows) {
            localOrder = new EpochOrder(rows, seed);
        }
        return localOrder;
    }
}
