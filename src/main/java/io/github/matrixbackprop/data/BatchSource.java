package io.github.matrixbackprop.data;

import java.io.Closeable;
import java.io.IOException;
import org.ejml.data.DMatrixRMaj;

/**
 * Training data as a sequence of epochs, each a pass over {@code m} rows handed out in batches of
 * samples {@code (X, Y)}: {@code X} is {@code b x n_0}, {@code Y} is {@code b x n_L}, one sample
 * per row, written into matrices the caller owns and reuses. The trainer consumes a source
 * ({@code Trainer.fit(BatchSource)}); a {@link Dataset} is one through {@link #of(Dataset)}.
 *
 * <p>Implementations:
 * <ul>
 *   <li>{@link #of(Dataset)}: rows in memory, shuffled per epoch exactly as the trainer always
 *       has (a Fisher-Yates shuffle of the previous epoch's order, one
 *       {@link java.util.SplittableRandom} seeded with {@code seed} driving all epochs), so
 *       training on it is bit-identical to training on the dataset. Its batches carry the
 *       dataset's sample weights, if it has them.</li>
 *   <li>{@link CsvBatchSource}: a CSV file read from disk for every epoch, without loading it;
 *       rows shuffled within a seeded buffer.</li>
 *   <li>{@link IdxBatchSource}: IDX image and label files (raw or gzip), streamed the same way.</li>
 * </ul>
 *
 * <p>An epoch is a pure function of {@code (seed, epoch, shuffle)}: the same arguments give the
 * same rows in the same order, whatever epochs were read before. Every row appears exactly once
 * per epoch. A source hands out one epoch at a time (close it before opening the next); sources
 * are not thread-safe.
 */
public interface BatchSource {

    /**
     * {@code n_0}, the width of a sample.
     *
     * @return the number of features
     */
    int featureCount();

    /**
     * {@code n_L}, the width of a target.
     *
     * @return the target width
     */
    int targetWidth();

    /**
     * {@code m}, the number of rows of every epoch.
     *
     * @return the number of rows, {@code >= 1}
     */
    long size();

    /**
     * Opens a pass over the rows.
     *
     * @param epoch the epoch, from 1 (0 for a pass outside training, e.g. validation)
     * @param seed seeds the order of the rows (together with {@code epoch})
     * @param shuffle whether to shuffle the rows; if not, they come in their stored order and
     *     {@code seed} and {@code epoch} do not matter
     * @return the epoch's batches, to be closed
     * @throws IOException if the data cannot be opened
     */
    Epoch epoch(int epoch, long seed, boolean shuffle) throws IOException;

    /**
     * Whether the batches carry sample weights {@code s_i}
     * ({@link Epoch#next(int, DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)}): the in-memory source of a
     * dataset with weights does; the streaming sources do not.
     *
     * @return {@code true} if the rows have sample weights; {@code false} by default
     */
    default boolean hasSampleWeights() {
        return false;
    }

    /**
     * The in-memory source of a dataset: the rows, not copied, shuffled as described in the
     * class comment.
     *
     * @param data the samples; not modified (do not modify it while the source is used)
     * @return a source of its rows
     */
    static BatchSource of(Dataset data) {
        return new DatasetBatches(data);
    }

    /** The batches of one pass over the rows. */
    interface Epoch extends Closeable {

        /**
         * The next batch: up to {@code rows} samples, written into {@code x} ({@code b x n_0}) and
         * {@code y} ({@code b x n_L}), which are reshaped to the batch (no allocation when their
         * arrays are large enough).
         *
         * @param rows the most samples to hand out, {@code >= 1}
         * @param x receives the features; modified
         * @param y receives the targets; modified
         * @return {@code b}, the number of samples written; 0 at the end of the epoch
         * @throws IOException if reading fails, or a {@link MalformedDataException} naming the file
         *     and line (or item) of data that is not valid
         */
        int next(int rows, DMatrixRMaj x, DMatrixRMaj y) throws IOException;

        /**
         * The next batch with its sample weights: as {@link #next(int, DMatrixRMaj, DMatrixRMaj)},
         * and, if the source {@linkplain BatchSource#hasSampleWeights() has weights}, the weight of
         * every sample written into {@code s}, reshaped to {@code b x 1}; otherwise {@code s} is
         * not touched (the default implementation).
         *
         * @param rows the most samples to hand out, {@code >= 1}
         * @param x receives the features; modified
         * @param y receives the targets; modified
         * @param s receives the sample weights; modified if the source has them
         * @return {@code b}, the number of samples written; 0 at the end of the epoch
         * @throws IOException if reading fails, or a {@link MalformedDataException} naming the file
         *     and line (or item) of data that is not valid
         */
        default int next(int rows, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s) throws IOException {
            return next(rows, x, y);
        }

        /**
         * Where sample {@code i} of the last batch comes from, for messages: e.g.
         * {@code train.csv line 12} or {@code row 17}.
         *
         * @param i a row of the last batch, from 0
         * @return a description of its origin
         */
        String origin(int i);

        /**
         * Releases the files of the pass.
         *
         * @throws IOException if closing a file fails
         */
        @Override
        void close() throws IOException;
    }
}
