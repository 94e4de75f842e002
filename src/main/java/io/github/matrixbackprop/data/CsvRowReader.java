package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a CSV file as numbers: the header, the target column, and for every record its
 * features parsed straight from the characters into the caller's array, with the target as a
 * number (regression) or as a range of characters (a label). Shared by {@link CsvReader} and the
 * streaming {@link CsvBatchSource}, so both read a file the same way and say the same things
 * about it.
 *
 * <p><b>Which error is reported.</b> With {@code thorough} set, the reader reports what
 * {@link CsvReader} has always reported when a file has several problems: first the problems of
 * the file's structure (quotes, rows with the wrong number of fields), in file order; then those
 * of its columns (too few, an unknown target); then the first bad value (rows in file order,
 * within a row a missing target before the features, features left to right). So after the
 * first bad value it still reads the rest of the file for structure before it throws; a bad
 * regression target is only remembered ({@link #targetError()}), since {@link CsvReader} reports
 * it after everything else about the features. Without {@code thorough} the first problem found
 * is thrown at once (for a file read again that was checked before). Not thread-safe.
 */
final class CsvRowReader {

    /** {@link #next} read a row that is kept. */
    static final int ROW = 0;
    /** {@link #next} read a row that the missing-value policy leaves out. */
    static final int SKIPPED = 1;
    /** {@link #next} found no more rows. */
    static final int END = 2;

    private final CsvRecords records;
    private final CsvOptions options;
    private final String source;
    private final boolean thorough;
    private final int columns;
    private final int target;
    private final List<String> names;
    private final String targetName;
    private final String expectedBy;
    private boolean pending;
    private int targetStart;
    private int targetEnd;
    private double targetValue;
    private MalformedDataException targetError;

    /**
     * Reads the header (if any) and the first data row, and finds the columns.
     *
     * @param in the text (not closed)
     * @param options how to read it
     * @param source the name of the input in messages
     * @param thorough whether to report what {@link CsvReader} reports when there are several problems
     *     (see the class comment), or the first problem at once
     * @throws IOException if reading fails, or a {@link MalformedDataException} naming the problem
     */
    CsvRowReader(Reader in, CsvOptions options, String source, boolean thorough) throws IOException {
        this.records = new CsvRecords(in, options.delimiter(), source);
        this.options = options;
        this.source = source;
        this.thorough = thorough;
        String[] header = null;
        if (options.header() && records.next()) {
            header = new String[records.fields()];
            for (int c = 0; c < header.length; c++) {
                header[c] = records.field(c);
            }
        }
        this.expectedBy = header != null ? "the header has " : "the first row has ";
        if (!records.next()) {
            throw new MalformedDataException(source + ": no data rows");
        }
        this.pending = true;
        this.columns = header != null ? header.length : records.fields();
        checkWidth();
        MalformedDataException problem = null;
        int t = -1;
        if (columns < 2) {
            problem = new MalformedDataException(source + ": " + columns + " column; need at least one feature and"
                    + " a target");
        } else {
            try {
                t = targetColumn(options, header, columns, source);
            } catch (MalformedDataException e) {
                problem = e;
            }
        }
        if (problem != null) {
            throw drain(problem);
        }
        this.target = t;
        List<String> n = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            if (c != target) {
                n.add(header != null ? header[c].strip() : "x" + c);
            }
        }
        this.names = List.copyOf(n);
        this.targetName = header != null ? header[target].strip() : "x" + target;
    }

    /**
     * The feature names, in column order without the target.
     *
     * @return one name per feature
     */
    List<String> featureNames() {
        return names;
    }

    /**
     * {@code n_0}: the number of feature columns.
     *
     * @return the number of columns less one
     */
    int featureCount() {
        return columns - 1;
    }

    /**
     * The target column, for messages about its labels.
     *
     * @return the target column
     */
    CsvClasses.Column targetColumn() {
        return new CsvClasses.Column(source, target, targetName);
    }

    /**
     * The line on which the current row starts.
     *
     * @return a line number from 1
     */
    int line() {
        return records.line();
    }

    /**
     * The characters of the current row (the label's range refers to them).
     *
     * @return the buffer, valid until the next call of {@link #next}
     */
    char[] chars() {
        return records.chars();
    }

    /**
     * Where the current row's target (stripped) starts in {@link #chars()}.
     *
     * @return the position of its first character
     */
    int targetStart() {
        return targetStart;
    }

    /**
     * Where the current row's target (stripped) ends in {@link #chars()}.
     *
     * @return the position after its last character
     */
    int targetEnd() {
        return targetEnd;
    }

    /**
     * The current row's target as a number, for {@link CsvOptions.Task#REGRESSION} (0 after a
     * remembered {@link #targetError()}).
     *
     * @return its value
     */
    double targetValue() {
        return targetValue;
    }

    /**
     * The first regression target that is not a number, remembered rather than thrown when
     * reading thoroughly.
     *
     * @return the error naming it, or {@code null}
     */
    MalformedDataException targetError() {
        return targetError;
    }

    /**
     * Reads the next row: its features into {@code x[offset..offset + n_0)} (also for a row that
     * is then skipped) and its target.
     *
     * @param x receives the features
     * @param offset where the row's first feature goes
     * @return {@link #ROW}, {@link #SKIPPED} or {@link #END}
     * @throws IOException if reading fails, or a {@link MalformedDataException} naming the file,
     *     the line and the column of a problem
     */
    int next(double[] x, int offset) throws IOException {
        if (pending) {
            pending = false;
        } else {
            if (!records.next()) {
                return END;
            }
            checkWidth();
        }
        char[] b = records.chars();
        int ts = strippedStart(b, records.start(target), records.end(target));
        int te = strippedEnd(b, ts, records.end(target));
        CsvOptions.MissingValues policy = options.missing();
        if (isMissing(b, ts, te)) {
            if (policy == CsvOptions.MissingValues.SKIP_ROW) {
                return SKIPPED;
            }
            throw drain(new MalformedDataException(where(target, targetName) + ": the target is missing"));
        }
        boolean skip = false;
        for (int c = 0, k = offset; c < columns; c++) {
            if (c == target) {
                continue;
            }
            int s = strippedStart(b, records.start(c), records.end(c));
            int e = strippedEnd(b, s, records.end(c));
            double v;
            if (e - s <= 3 && isMissing(b, s, e)) {
                if (policy == CsvOptions.MissingValues.ERROR) {
                    throw drain(new MalformedDataException(where(c, names.get(k - offset)) + ": the value is"
                            + " missing (choose a missing-value policy to allow it)"));
                }
                skip |= policy == CsvOptions.MissingValues.SKIP_ROW;
                v = Double.NaN;
            } else {
                v = DecimalText.parse(b, s, e);
                if (!Double.isFinite(v)) {
                    throw drain(notANumber(b, s, e, v, c, names.get(k - offset)));
                }
            }
            x[k++] = v;
        }
        if (skip) {
            return SKIPPED;
        }
        targetStart = ts;
        targetEnd = te;
        if (options.task() == CsvOptions.Task.REGRESSION) {
            double v = DecimalText.parse(b, ts, te);
            if (!Double.isFinite(v)) {
                MalformedDataException e = notANumber(b, ts, te, v, target, targetName);
                if (!thorough) {
                    throw e;
                }
                targetError = targetError != null ? targetError : e;
                v = 0;
            }
            targetValue = v;
        }
        return ROW;
    }

    private void checkWidth() throws MalformedDataException {
        if (records.fields() != columns) {
            throw new MalformedDataException(source + " line " + records.line() + ": " + records.fields()
                    + " fields but " + expectedBy + columns);
        }
    }

    /**
     * When reading thoroughly, reads the rest of the file for problems of its structure, which
     * come first; then returns {@code e} to be thrown.
     */
    private MalformedDataException drain(MalformedDataException e) throws IOException {
        if (thorough) {
            pending = false;
            while (records.next()) {
                checkWidth();
            }
        }
        return e;
    }

    private MalformedDataException notANumber(char[] b, int s, int e, double v, int column, String name) {
        String text = new String(b, s, e - s);
        if (Double.isNaN(v)) {
            return new MalformedDataException(where(column, name) + ": " + Checks.quote(text)
                    + (DecimalText.isInfinity(text) ? " is not finite" : " is not a number"));
        }
        return new MalformedDataException(where(column, name) + ": " + Checks.quote(text)
                + " is not finite (beyond the range of a double)");
    }

    private String where(int column, String name) {
        return source + " line " + records.line() + ", column " + (column + 1) + " (" + Checks.quote(name) + ")";
    }

    /** An empty field, {@code ?}, {@code NA} or {@code NaN} (any case), already stripped. */
    static boolean isMissing(char[] b, int s, int e) {
        int n = e - s;
        if (n == 0) {
            return true;
        }
        if (n == 1) {
            return b[s] == '?';
        }
        if (n == 2) {
            return (b[s] | 0x20) == 'n' && (b[s + 1] | 0x20) == 'a';
        }
        return n == 3 && (b[s] | 0x20) == 'n' && (b[s + 1] | 0x20) == 'a' && (b[s + 2] | 0x20) == 'n';
    }

    private static int strippedStart(char[] b, int s, int e) {
        while (s < e && CsvRecords.isWhitespace(b[s])) {
            s++;
        }
        return s;
    }

    private static int strippedEnd(char[] b, int s, int e) {
        while (e > s && CsvRecords.isWhitespace(b[e - 1])) {
            e--;
        }
        return e;
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
}
