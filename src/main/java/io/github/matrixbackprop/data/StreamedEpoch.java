package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * One pass over rows read one at a time from a file, handed out in batches, in file order or
 * shuffled within a buffer (what {@link CsvBatchSource} and {@link IdxBatchSource} share).
 *
 * <p><b>The shuffle buffer.</b> With shuffling, rows pass through a buffer of {@code B} rows:
 * the first {@code B} rows of the file fill it; then every row handed out is drawn uniformly from
 * the {@code c} rows in the buffer (slot {@code nextInt(c)}), and the file's next row takes its
 * slot; when the file is exhausted, the rows left are drawn the same way until none is left (the
 * buffer's last row moves into the slot drawn). So a row comes out at most {@code B - 1}
 * positions before its place in the file and possibly much later, every row exactly once; with
 * {@code B >= m} the order is a uniformly random permutation. The draws of epoch {@code e} come
 * from a {@link SplittableRandom} seeded with {@link #epochSeed(long, int)}, so an epoch depends
 * only on the seed and its number.
 *
 * <p>A row is stored compactly (its features and a stored target, e.g. a class index) and
 * expanded into its target row when handed out. The buffer holds
 * {@code B (n_0 + stored width)} doubles. Not thread-safe.
 */
abstract class StreamedEpoch implements BatchSource.Epoch {

    private final int n0;
    private final int stored;
    private final int width;
    private final int capacity;
    private final SplittableRandom random;
    private final double[] features;
    private final double[] targets;
    private final long[] origins;
    private final double[] target;
    private long[] batchOrigins = new long[1];
    private int count;
    private boolean filled;
    private boolean exhausted;
    private boolean finished;

    /**
     * A pass with rows of {@code n0} features and {@code stored} stored target values, expanded to
     * targets of width {@code width}.
     *
     * @param n0 the features per row
     * @param stored the stored target values per row
     * @param width {@code n_L}, the width of an expanded target
     * @param bufferRows {@code B}, the rows of the shuffle buffer; 0 for file order
     * @param seed the epoch's seed (see {@link #epochSeed})
     */
    StreamedEpoch(int n0, int stored, int width, int bufferRows, long seed) {
        this.n0 = n0;
        this.stored = stored;
        this.width = width;
        this.capacity = bufferRows;
        this.random = bufferRows > 0 ? new SplittableRandom(seed) : null;
        this.features = new double[bufferRows * n0];
        this.targets = new double[Math.max(bufferRows, 1) * stored];
        this.origins = new long[bufferRows];
        this.target = new double[stored];
    }

    /**
     * The seed of epoch {@code epoch}: the {@code (epoch + 1)}-th {@code nextLong()} of a
     * {@code SplittableRandom(seed)}.
     *
     * @param seed the source's seed
     * @param epoch the epoch, {@code >= 0}
     * @return the seed of the epoch's generator
     */
    static long epochSeed(long seed, int epoch) {
        SplittableRandom r = new SplittableRandom(seed);
        long s = r.nextLong();
        for (int e = 0; e < epoch; e++) {
            s = r.nextLong();
        }
        return s;
    }

    /**
     * Reads the next row of the file.
     *
     * @param x receives the features at {@code xOffset}
     * @param xOffset where the first feature goes
     * @param t receives the stored target values at {@code tOffset}
     * @param tOffset where the first stored value goes
     * @return whether there was a row; {@code false} at the end of the file
     * @throws IOException if reading fails or the row is not valid
     */
    abstract boolean read(double[] x, int xOffset, double[] t, int tOffset) throws IOException;

    /**
     * Where the row last read comes from, e.g. its line.
     *
     * @return a line or item number
     */
    abstract long position();

    /**
     * A description of a row's origin.
     *
     * @param position what {@link #position()} said for the row
     * @return e.g. {@code train.csv line 12}
     */
    abstract String describe(long position);

    /**
     * Writes the target row ({@code n_L} values) of a row's stored target values.
     *
     * @param t the stored values, at {@code tOffset}
     * @param tOffset where they start
     * @param y receives the target row at {@code yOffset}
     * @param yOffset where it goes
     */
    abstract void expand(double[] t, int tOffset, double[] y, int yOffset);

    /**
     * Called once after the last row: checks that the file ended as it should.
     *
     * @throws IOException if it did not
     */
    abstract void finish() throws IOException;

    @Override
    public final int next(int rows, DMatrixRMaj x, DMatrixRMaj y) throws IOException {
        Checks.positive(rows, "batch size");
        Checks.notNull(x, "x");
        Checks.notNull(y, "y");
        if (x == y) {
            throw new IllegalArgumentException("x and y must be distinct matrices");
        }
        if (finished) {
            return 0;
        }
        x.reshape(rows, n0);
        y.reshape(rows, width);
        if (batchOrigins.length < rows) {
            batchOrigins = new long[rows];
        }
        int b = capacity == 0 ? inOrder(rows, x, y) : shuffled(rows, x, y);
        if (b < rows) {
            finished = true;
            finish();
        }
        x.reshape(b, n0);
        y.reshape(b, width);
        return b;
    }

    private int inOrder(int rows, DMatrixRMaj x, DMatrixRMaj y) throws IOException {
        int b = 0;
        while (b < rows && read(x.data, b * n0, target, 0)) {
            expand(target, 0, y.data, b * width);
            batchOrigins[b] = position();
            b++;
        }
        return b;
    }

    private int shuffled(int rows, DMatrixRMaj x, DMatrixRMaj y) throws IOException {
        if (!filled) {
            filled = true;
            while (count < capacity && read(features, count * n0, targets, count * stored)) {
                origins[count] = position();
                count++;
            }
            exhausted = count < capacity;
        }
        int b = 0;
        while (b < rows && count > 0) {
            int j = random.nextInt(count);
            System.arraycopy(features, j * n0, x.data, b * n0, n0);
            expand(targets, j * stored, y.data, b * width);
            batchOrigins[b] = origins[j];
            b++;
            if (!exhausted && read(features, j * n0, targets, j * stored)) {
                origins[j] = position();
                continue;
            }
            exhausted = true;
            count--;
            if (j != count) {
                System.arraycopy(features, count * n0, features, j * n0, n0);
                System.arraycopy(targets, count * stored, targets, j * stored, stored);
                origins[j] = origins[count];
            }
        }
        return b;
    }

    @Override
    public final String origin(int i) {
        return describe(batchOrigins[i]);
    }
}
