package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import io.github.matrixbackprop.util.Permutations;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * The in-memory {@link BatchSource} of a {@link Dataset}. With shuffling, the order of epoch
 * {@code e} is the identity shuffled {@code e} times in a row by Fisher-Yates
 * ({@code for i = m-1 .. 1: swap(i, nextInt(i + 1))}), all shuffles drawing from one
 * {@code SplittableRandom(seed)}: the order the trainer has always used. The order of the last
 * epoch is kept, so epochs read in sequence cost one shuffle each (and allocate nothing); an
 * epoch's order is therefore only valid until the next epoch is opened. The batches carry the
 * dataset's sample weights when it has them.
 */
final class DatasetBatches implements BatchSource {

    private final Dataset data;
    private int[] order;
    private SplittableRandom random;
    private long orderSeed;
    private int orderEpoch = -1;
    private int[] identity;

    DatasetBatches(Dataset data) {
        this.data = Checks.notNull(data, "dataset");
    }

    @Override
    public int featureCount() {
        return data.featureCount();
    }

    @Override
    public int targetWidth() {
        return data.targetWidth();
    }

    @Override
    public long size() {
        return data.size();
    }

    @Override
    public boolean hasSampleWeights() {
        return data.hasSampleWeights();
    }

    @Override
    public Epoch epoch(int epoch, long seed, boolean shuffle) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0 but was " + epoch);
        }
        if (identity == null) {
            identity = identity(data.size());
        }
        int[] rows = shuffle ? shuffled(epoch, seed) : identity;
        return new Epoch() {
            private int from;
            private int to;

            @Override
            public int next(int count, DMatrixRMaj x, DMatrixRMaj y) {
                return next(count, x, y, null);
            }

            @Override
            public int next(int count, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s) {
                Checks.positive(count, "batch size");
                from = to;
                to = (int) Math.min(rows.length, (long) from + count);
                if (from == to) {
                    return 0;
                }
                if (s != null && data.hasSampleWeights()) {
                    data.gather(rows, from, to, x, y, s);
                } else {
                    data.gather(rows, from, to, x, y);
                }
                return to - from;
            }

            @Override
            public String origin(int i) {
                return "row " + rows[from + i];
            }

            @Override
            public void close() {
            }
        };
    }

    /** The order of {@code epoch}: continued from the kept one when that is the epoch before with the same seed. */
    private int[] shuffled(int epoch, long seed) {
        if (order == null || orderSeed != seed || orderEpoch > epoch) {
            order = identity(data.size());
            random = new SplittableRandom(seed);
            orderSeed = seed;
            orderEpoch = 0;
        }
        while (orderEpoch < epoch) {
            shuffle(order, random);
            orderEpoch++;
        }
        return order;
    }

    private static int[] identity(int n) {
        return Permutations.identity(n);
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        Permutations.shuffle(a, random);
    }
}
