package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;

/**
 * A CSV file as a {@link BatchSource} that reads it from disk for every epoch instead of loading
 * it: memory holds the shuffle buffer and one block of text, whatever the size of the file.
 *
 * <p><b>Reading.</b> The same grammar, options and messages as {@link CsvReader}
 * ({@link CsvOptions}: header, delimiter, target column, task, missing values, class list). When
 * it is opened, the file is read once in full, as {@link CsvReader} would read it but keeping no
 * rows: every problem {@code CsvReader} would report is reported then, with the same message,
 * before any training; the rows are counted; classes are fitted from the labels when the options
 * give no class list (so one-hot targets have their width before the first batch); and with
 * {@link CsvOptions.MissingValues#COLUMN_MEAN} the column means are computed (in file order, as
 * {@code CsvReader} does, so the values filled in are the same bits). Every epoch then reads the
 * file again. A file that changes after it was opened is reported when a row no longer fits
 * (e.g. a label that is no class) or the number of rows differs.
 *
 * <p><b>Shuffling.</b> Rows are shuffled within a buffer of {@code bufferRows} rows, as
 * {@link StreamedEpoch} describes exactly: a row can come out at most {@code bufferRows - 1}
 * positions before its place in the file, or later; with a buffer of at least the file's rows the
 * order is a uniform random permutation. Epoch {@code e} with seed {@code s} is always the same
 * order. Without shuffling the rows come in file order. The buffer holds
 * {@code bufferRows (n_0 + 1)} doubles.
 *
 * <p>The rows handed out are the ones {@link CsvReader#read(Path, CsvOptions)} returns, in file
 * order when not shuffled, with the same targets (bit for bit). {@link BatchSource.Epoch#origin}
 * names the file and line of a row. Immutable once opened (every epoch opens the file anew);
 * one epoch at a time.
 */
public final class CsvBatchSource implements BatchSource {

    private final Path file;
    private final String name;
    private final CsvOptions options;
    private final int bufferRows;
    private final int n0;
    private final long rows;
    private final List<String> featureNames;
    private final List<String> classNames;
    private final double[] means;

    private CsvBatchSource(Path file, CsvOptions options, int bufferRows, CsvScan scan) {
        this.file = file;
        this.name = file.getFileName().toString();
        this.options = options;
        this.bufferRows = bufferRows;
        this.n0 = scan.featureNames().size();
        this.rows = scan.rows();
        this.featureNames = scan.featureNames();
        this.classNames = scan.classNames();
        this.means = scan.means();
    }

    /**
     * Opens a UTF-8 CSV file: reads it once in full to check it, count its rows, and fit its
     * classes or column means where the options ask for them (see the class comment).
     *
     * @param file the CSV file
     * @param options how to read it, as for {@link CsvReader}
     * @param bufferRows the rows of the shuffle buffer, {@code >= 1}
     * @return the source
     * @throws IOException if the file cannot be read, with a message naming {@code file}, or a
     *     {@link MalformedDataException} naming the line and column of malformed content, exactly as
     *     {@link CsvReader#read(Path, CsvOptions)} reports it
     * @throws IllegalArgumentException if {@code bufferRows < 1}
     */
    public static CsvBatchSource open(Path file, CsvOptions options, int bufferRows) throws IOException {
        Checks.notNull(file, "file");
        Checks.notNull(options, "options");
        Checks.positive(bufferRows, "shuffle buffer rows");
        try {
            return new CsvBatchSource(file, options, bufferRows, CsvScan.of(DataFiles.readable(file), options));
        } catch (MalformedDataException | FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw DataFiles.failed(file, e);
        }
    }

    /**
     * The feature names, in column order without the target.
     *
     * @return one name per feature
     */
    public List<String> featureNames() {
        return featureNames;
    }

    /**
     * The class names, as {@link LabeledData#classNames()} would give them.
     *
     * @return class {@code k} is named {@code classNames().get(k)}; empty for regression
     */
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int featureCount() {
        return n0;
    }

    @Override
    public int targetWidth() {
        return options.task() == CsvOptions.Task.CLASSIFICATION ? classNames.size() : 1;
    }

    @Override
    public long size() {
        return rows;
    }

    /**
     * Opens a pass over the file.
     *
     * @param epoch the epoch, {@code >= 0}
     * @param seed seeds the shuffle buffer (with {@code epoch}, see {@link StreamedEpoch#epochSeed})
     * @param shuffle whether to shuffle the rows within the buffer
     * @return the epoch's batches, to be closed
     * @throws IOException if the file cannot be opened, or is no longer what it was when opened
     */
    @Override
    public Epoch epoch(int epoch, long seed, boolean shuffle) throws IOException {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0 but was " + epoch);
        }
        Reader in;
        try {
            in = DataFiles.utf8(file);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw DataFiles.failed(file, e);
        }
        try {
            return new CsvEpoch(in, shuffle ? bufferRows : 0, StreamedEpoch.epochSeed(seed, epoch));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** One pass: the rows parsed as {@link CsvReader} parses them, their labels looked up among the classes. */
    private final class CsvEpoch extends StreamedEpoch {

        private final Reader in;
        private final CsvRowReader reader;
        private final CsvClassIndex classes;
        private final boolean classification;
        private final int width;
        private long read;

        CsvEpoch(Reader in, int buffer, long seed) throws IOException {
            super(n0, 1, targetWidth(), buffer, seed);
            this.in = in;
            this.reader = new CsvRowReader(in, options, name, false);
            this.classes = classNames.isEmpty() ? null : new CsvClassIndex(classNames);
            this.classification = options.task() == CsvOptions.Task.CLASSIFICATION;
            this.width = targetWidth();
        }

        @Override
        boolean read(double[] x, int xOffset, double[] t, int tOffset) throws IOException {
            int outcome;
            while ((outcome = reader.next(x, xOffset)) == CsvRowReader.SKIPPED) {
                // rows the missing-value policy leaves out
            }
            if (outcome == CsvRowReader.END) {
                return false;
            }
            if (classes == null) {
                t[tOffset] = reader.targetValue();
            } else {
                int k = classes.classOf(reader.chars(), reader.targetStart(), reader.targetEnd());
                if (k < 0) {
                    throw CsvClasses.notGiven(reader.targetColumn(), reader.line(), new String(reader.chars(),
                            reader.targetStart(), reader.targetEnd() - reader.targetStart()), classNames);
                }
                t[tOffset] = k;
            }
            if (means != null) {
                for (int k = 0; k < n0; k++) {
                    if (Double.isNaN(x[xOffset + k])) {
                        x[xOffset + k] = means[k];
                    }
                }
            }
            read++;
            return true;
        }

        @Override
        long position() {
            return reader.line();
        }

        @Override
        String describe(long position) {
            return name + " line " + position;
        }

        @Override
        void expand(double[] t, int tOffset, double[] y, int yOffset) {
            if (classification) {
                for (int k = 0; k < width; k++) {
                    y[yOffset + k] = 0.0;
                }
                y[yOffset + (int) t[tOffset]] = 1.0;
            } else {
                y[yOffset] = t[tOffset];
            }
        }

        @Override
        void finish() throws IOException {
            if (read != rows) {
                throw new MalformedDataException(name + ": " + read + " rows in this pass but " + rows
                        + " when the file was opened (it changed)");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
