package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * input. Stateless and thread-safe.
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
        try (BufferedReader in = Files.newBufferedReader(DataFiles.readable(file), StandardCharsets.UTF_8)) {
            return read(in, options, file.getFileName().toString());
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
        CsvRecords records = new CsvRecords(in, options.delimiter(), source);
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        String[] header = null;
        String[] fields;
        while ((fields = records.next()) != null) {
            int lineNo = records.line();
            if (header == null && options.header()) {
                header = fields;
                continue;
            }
            int expected = header != null ? header.length : rows.isEmpty() ? fields.length : rows.get(0).length;
            if (fields.length != expected) {
                throw new MalformedDataException(source + " line " + lineNo + ": " + fields.length
                        + " fields but " + (header != null ? "the header has " : "the first row has ") + expected);
            }
            rows.add(fields);
            lineNumbers.add(lineNo);
        }
        if (rows.isEmpty()) {
            throw new MalformedDataException(source + ": no data rows");
        }
        int columns = rows.get(0).length;
        if (columns < 2) {
            throw new MalformedDataException(source + ": " + columns + " column; need at least one feature and"
                    + " a target");
        }
        int target = targetColumn(options, header, columns, source);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            if (c != target) {
                names.add(header != null ? header[c].strip() : "x" + c);
            }
        }
        String targetLabel = header != null ? header[target].strip() : "x" + target;

        // features, with missing values marked as NaN for now
        List<double[]> features = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            String[] f = rows.get(r);
            rows.set(r, null);
            int ln = lineNumbers.get(r);
            if (isMissing(f[target])) {
                if (options.missing() == CsvOptions.MissingValues.SKIP_ROW) {
                    continue;
                }
                throw new MalformedDataException(where(source, ln, target, targetLabel) + ": the target is missing");
            }
            double[] x = new double[columns - 1];
            boolean skip = false;
            for (int c = 0, k = 0; c < columns; c++) {
                if (c == target) {
                    continue;
                }
                if (isMissing(f[c])) {
                    if (options.missing() == CsvOptions.MissingValues.ERROR) {
                        throw new MalformedDataException(where(source, ln, c, names.get(k)) + ": the value is"
                                + " missing (choose a missing-value policy to allow it)");
                    }
                    skip |= options.missing() == CsvOptions.MissingValues.SKIP_ROW;
                    x[k++] = Double.NaN;
                    continue;
                }
                x[k] = number(f[c], source, ln, c, names.get(k));
                k++;
            }
            if (skip) {
                continue;
            }
            features.add(x);
            targets.add(f[target].strip());
            kept.add(ln);
        }
        if (features.isEmpty()) {
            throw new MalformedDataException(source + ": every row has a missing value");
        }
        DMatrixRMaj xm = new DMatrixRMaj(features.size(), columns - 1);
        for (int i = 0; i < features.size(); i++) {
            System.arraycopy(features.get(i), 0, xm.data, i * (columns - 1), columns - 1);
        }
        if (options.missing() == CsvOptions.MissingValues.COLUMN_MEAN) {
            fillWithColumnMeans(xm, names, source);
        }
        if (options.task() == CsvOptions.Task.REGRESSION) {
            DMatrixRMaj ym = new DMatrixRMaj(targets.size(), 1);
            for (int i = 0; i < targets.size(); i++) {
                ym.data[i] = number(targets.get(i), source, kept.get(i), target, targetLabel);
            }
            return new LabeledData(new Dataset(xm, ym), names, List.of());
        }
        boolean binary = options.task() == CsvOptions.Task.BINARY;
        CsvClasses.Assignment classes = CsvClasses.assign(targets, kept, options.classes(), binary,
                new CsvClasses.Column(source, target, targetLabel));
        DMatrixRMaj ym;
        if (binary) {
            ym = new DMatrixRMaj(targets.size(), 1);
            for (int i = 0; i < targets.size(); i++) {
                ym.data[i] = classes.classes()[i];
            }
        } else {
            ym = Labels.oneHot(classes.classes(), classes.names().size());
        }
        return new LabeledData(new Dataset(xm, ym), names, classes.names());
    }

    private static String where(String source, int line, int column, String name) {
        return source + " line " + line + ", column " + (column + 1) + " (" + Checks.quote(name) + ")";
    }

    private static int targetColumn(CsvOptions o, String[] header, int columns, String source)
            throws MalformedDataException {
        if (o.targetName() != null) {
            for (int c = 0; c < header.length; c++) {
                if (header[c].strip().equals(o.targetName())) {
                    return c;
                }
            }
            List<String> known = new ArrayList<>();
            for (String h : header) {
                known.add(h.strip());
            }
            throw new MalformedDataException(source + ": no column named " + Checks.quote(o.targetName())
                    + "; the header has " + CsvClasses.list(known));
        }
        int t = o.targetIndex() < 0 ? columns + o.targetIndex() : o.targetIndex();
        if (t < 0 || t >= columns) {
            throw new MalformedDataException(source + ": target column index " + o.targetIndex() + " but the file"
                    + " has " + columns + " columns");
        }
        return t;
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

    private static boolean isMissing(String field) {
        String s = field.strip();
        return s.isEmpty() || s.equals("?") || s.equalsIgnoreCase("NA") || s.equalsIgnoreCase("NaN");
    }

    /** The value of a decimal number (see the class comment), or an error naming where and why not. */
    private static double number(String field, String source, int line, int column, String name)
            throws MalformedDataException {
        String s = field.strip();
        if (!DecimalText.matches(s)) {
            throw new MalformedDataException(where(source, line, column, name) + ": " + Checks.quote(s)
                    + (DecimalText.isInfinity(s) ? " is not finite" : " is not a number"));
        }
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) {
            throw new MalformedDataException(where(source, line, column, name) + ": " + Checks.quote(s)
                    + " is not finite (beyond the range of a double)");
        }
        return v;
    }
}
