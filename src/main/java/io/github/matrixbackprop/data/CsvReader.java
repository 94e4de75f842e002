package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Reads a delimited text file into a {@link LabeledData}: every column but the target is a
 * numeric feature; the target is a class label (classification, one-hot), one of two class
 * labels (binary, one 0/1 column) or a number (regression).
 *
 * <p><b>Classes.</b> Unless the options give a class list, the classes are the distinct labels
 * of the file, ordered numerically when every label is a number, else alphabetically, so the
 * class indices do not depend on the order of the rows. Numerically equal labels ({@code 1},
 * {@code 1.0}, {@code 1e0}; {@code 0} and {@code -0}) are one class, named as first seen. The
 * classes of a file depend on the labels it holds, so read a <em>test</em> file with the classes
 * of its training file; then class {@code k} means the same in both, and a label the training
 * file did not have is an error:
 * <pre>{@code
 * LabeledData train = CsvReader.read(trainFile, CsvOptions.defaults());
 * LabeledData test = CsvReader.read(testFile, CsvOptions.defaults().withClasses(train.classNames()));
 * }</pre>
 * Classes fitted from a file are refused as implausible (the column is then almost always a
 * number, to be read with {@link CsvOptions.Task#REGRESSION}) when there are more than 10,000, or
 * more than 100 and fewer than two rows per class on average; and the one-hot targets may hold
 * at most {@link IdxReader#MAX_VALUES} values.
 *
 * <p><b>Grammar.</b> Fields are separated by the delimiter; a record ends at a line break
 * ({@code LF}, {@code CR} or {@code CRLF}). A field may be enclosed in double quotes (RFC 4180):
 * then it may hold delimiters, line breaks (read as {@code \n}) and quotes written {@code ""},
 * and after its closing quote only whitespace may come before the next delimiter or the end of
 * the record. A byte-order mark at the start is dropped; blank lines are ignored; every value,
 * header name and label is read without leading and trailing whitespace. A number is decimal
 * text: an optional sign, digits with an optional decimal point (at least one digit), and an
 * optional exponent {@code e} or {@code E} with an optional sign and digits; it must be within
 * the range of a double. Java's other forms ({@code 0x1p3}, {@code 1d}, {@code Infinity}) are
 * not numbers. An empty field, {@code ?}, {@code NA} and {@code NaN} (any case) are missing
 * values, handled by {@link CsvOptions#missing()}.
 *
 * <p><b>Errors</b> are {@link MalformedDataException}s naming the source, the line and the column
 * (from 1; lines count physical lines, including those inside quoted fields): {@code iris.csv line
 * 12, column 3 ('petal_width'): 'abc' is not a number}. A message names the line on which the
 * record starts, except for a quote that is never closed, which is named at the line where it
 * opens. Input is quoted through {@link Checks#quote}, so a message stays short whatever the
 * input.
 *
 * <p><b>Speed and memory.</b> The text is read in large blocks and split into fields without a
 * string per field; each number is parsed from the characters (exact fast paths for up to 19
 * significant digits, else {@link Double#parseDouble}: the correctly rounded value either way;
 * see {@code DecimalText}) into the array that
 * becomes the feature matrix, and each distinct label is kept once. A file's non-empty lines
 * are counted first (a bound on its rows), so the arrays are allocated once at their final
 * size and the heap holds little more than the numbers; from a {@link Reader} the arrays grow
 * as rows arrive. To train on a file larger than memory, stream it with
 * {@link CsvBatchSource}. Stateless and thread-safe.
 */
public final class CsvReader {

    private CsvReader() {
    }

    /**
     * Reads a UTF-8 file.
     *
     * @param file the CSV file
     * @param options how to read it
     * @return the features, the targets and the names of features and classes
     * @throws java.io.IOException if the file cannot be read, with a message naming {@code file} (e.g. a
     *     {@link java.nio.file.NoSuchFileException}, or a {@link java.nio.file.FileSystemException} for a
     *     directory), or a {@link MalformedDataException} naming the line and column of malformed content
     *     (including bytes that are not UTF-8)
     */
    public static LabeledData read(Path file, CsvOptions options) throws IOException {
        Checks.notNull(file, "file");
        Checks.notNull(options, "options");
        try {
            long lines = DataFiles.nonEmptyLines(DataFiles.readable(file));
            try (Reader in = DataFiles.utf8(file)) {
                return read(in, options, file.getFileName().toString(), lines - (options.header() ? 1 : 0));
            }
        } catch (MalformedDataException | FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw DataFiles.failed(file, e);
        }
    }

    /**
     * Reads from {@code in} (not closed); {@code source} names it in error messages.
     *
     * @param in the text to read
     * @param options how to read it
     * @param source the name of the input in error messages, e.g. the file name
     * @return the features, the targets and the names of features and classes
     * @throws java.io.IOException if reading {@code in} fails, or a {@link MalformedDataException}
     *     naming the line and column of malformed content
     */
    public static LabeledData read(Reader in, CsvOptions options, String source) throws IOException {
        Checks.notNull(in, "reader");
        Checks.notNull(options, "options");
        return read(in, options, source, -1);
    }

    /**
     * Reads the rows into arrays of {@code rows} rows when that is a bound on their number (a
     * file's non-empty lines), so that the matrices are those arrays; else into arrays that grow.
     */
    private static LabeledData read(Reader in, CsvOptions options, String source, long rows) throws IOException {
        CsvRowReader reader = new CsvRowReader(in, options, source, true);
        int n0 = reader.featureCount();
        int most = (int) (IdxReader.MAX_VALUES / n0);
        int capacity = (int) Math.max(1, Math.min(rows > 0 ? rows : 1024, most));
        boolean regression = options.task() == CsvOptions.Task.REGRESSION;
        double[] x = new double[capacity * n0];
        double[] y = regression ? new double[capacity] : null;
        int[] labelOf = regression ? null : new int[capacity];
        CsvLabels labels = regression ? null : new CsvLabels();
        double[] spare = new double[n0];
        int m = 0;
        while (true) {
            boolean full = m == capacity;
            int outcome = full ? reader.next(spare, 0) : reader.next(x, m * n0);
            if (outcome == CsvRowReader.END) {
                break;
            }
            if (outcome == CsvRowReader.SKIPPED) {
                continue;
            }
            if (full) {
                if (capacity == most) {
                    throw new MalformedDataException(source + ": more than " + most + " rows of " + n0
                            + " features, more than the " + IdxReader.MAX_VALUES + " values a matrix can hold");
                }
                capacity = (int) Math.min(most, capacity + (capacity >> 1) + 1024L);
                x = Arrays.copyOf(x, capacity * n0);
                y = regression ? Arrays.copyOf(y, capacity) : null;
                labelOf = regression ? null : Arrays.copyOf(labelOf, capacity);
                System.arraycopy(spare, 0, x, m * n0, n0);
            }
            if (regression) {
                y[m] = reader.targetValue();
            } else {
                labelOf[m] = labels.intern(reader.chars(), reader.targetStart(), reader.targetEnd(), reader.line());
            }
            m++;
        }
        if (m == 0) {
            throw new MalformedDataException(source + ": every row has a missing value");
        }
        DMatrixRMaj xm = DMatrixRMaj.wrap(m, n0, m == capacity ? x : Arrays.copyOf(x, m * n0));
        x = null;
        List<String> names = reader.featureNames();
        if (options.missing() == CsvOptions.MissingValues.COLUMN_MEAN) {
            fillWithColumnMeans(xm, names, source);
        }
        if (reader.targetError() != null) {
            throw reader.targetError();
        }
        if (regression) {
            DMatrixRMaj ym = DMatrixRMaj.wrap(m, 1, m == capacity ? y : Arrays.copyOf(y, m));
            return new LabeledData(new Dataset(xm, ym), names, List.of());
        }
        boolean binary = options.task() == CsvOptions.Task.BINARY;
        CsvClasses.Assignment classes = CsvClasses.assign(labels, labelOf, m, options.classes(), binary,
                reader.targetColumn());
        int[] k = classes.classes();
        DMatrixRMaj ym;
        if (binary) {
            ym = new DMatrixRMaj(m, 1);
            for (int i = 0; i < m; i++) {
                ym.data[i] = k[i];
            }
        } else {
            int width = classes.names().size();
            ym = new DMatrixRMaj(m, width);
            for (int i = 0; i < m; i++) {
                ym.data[i * width + k[i]] = 1.0;
            }
        }
        return new LabeledData(new Dataset(xm, ym), names, classes.names());
    }

    /** Replaces every NaN by the mean of the other values of its column (a mean that cannot overflow). */
    private static void fillWithColumnMeans(DMatrixRMaj x, List<String> names, String source)
            throws MalformedDataException {
        for (int c = 0; c < x.numCols; c++) {
            double sum = 0;
            double largest = 0;
            int n = 0;
            for (int r = 0; r < x.numRows; r++) {
                double v = x.get(r, c);
                if (!Double.isNaN(v)) {
                    sum += v;
                    largest = Math.max(largest, Math.abs(v));
                    n++;
                }
            }
            if (n == 0) {
                throw new MalformedDataException(source + ": column " + Checks.quote(names.get(c)) + " has no values");
            }
            double mean = sum / n;
            if (!Double.isFinite(sum)) {
                // the sum overflowed: sum the values scaled by a power of two into (-2, 2) each
                int exponent = Math.getExponent(largest);
                double scaled = 0;
                for (int r = 0; r < x.numRows; r++) {
                    double v = x.get(r, c);
                    if (!Double.isNaN(v)) {
                        scaled += Math.scalb(v, -exponent);
                    }
                }
                // the mean lies within the values; keep rounding from pushing it past the largest
                mean = Math.max(-largest, Math.min(largest, Math.scalb(scaled / n, exponent)));
            }
            for (int r = 0; r < x.numRows; r++) {
                if (Double.isNaN(x.get(r, c))) {
                    x.set(r, c, mean);
                }
            }
        }
    }

}
