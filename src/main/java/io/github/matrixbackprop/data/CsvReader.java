package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ejml.data.DMatrixRMaj;

/**
 * Reads a delimited text file into a {@link LabeledData}: every column but the target is a
 * numeric feature; the target is a class label (classification) or a number (regression).
 *
 * <p>Classes are ordered numerically when every label is a number, else alphabetically, so
 * the class indices do not depend on the order of the rows. Errors name the source, the line
 * (from 1, counting the header) and the column: {@code iris.csv line 12, column 3
 * ("petal_width"): "abc" is not a number}, as a {@link MalformedDataException}. Blank lines are
 * ignored. Stateless and thread-safe.
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
     * @throws java.io.IOException if the file cannot be read (including bytes that are not UTF-8),
     *     or a {@link MalformedDataException} naming the line and column of malformed content
     */
    public static LabeledData read(Path file, CsvOptions options) throws IOException {
        Checks.notNull(file, "file");
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, options, file.getFileName().toString());
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
        BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        String[] header = null;
        int lineNo = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = split(line, options.delimiter(), source, lineNo);
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
            int ln = lineNumbers.get(r);
            if (isMissing(f[target])) {
                if (options.missing() == CsvOptions.MissingValues.SKIP_ROW) {
                    continue;
                }
                throw new MalformedDataException(source + " line " + ln + ", column " + (target + 1) + " (\""
                        + targetLabel + "\"): the target is missing");
            }
            double[] x = new double[columns - 1];
            boolean skip = false;
            for (int c = 0, k = 0; c < columns; c++) {
                if (c == target) {
                    continue;
                }
                if (isMissing(f[c])) {
                    if (options.missing() == CsvOptions.MissingValues.ERROR) {
                        throw new MalformedDataException(source + " line " + ln + ", column " + (c + 1) + " (\""
                                + names.get(k) + "\"): the value is missing (choose a missing-value policy to"
                                + " allow it)");
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
        // numeric labels are compared as numbers, so "1" and "1.0" are one class (named as first seen)
        Comparator<String> order = classOrder(targets);
        TreeSet<String> set = new TreeSet<>(order);
        set.addAll(targets);
        List<String> classes = List.copyOf(set);
        Map<String, Integer> index = new TreeMap<>(order);
        for (int k = 0; k < classes.size(); k++) {
            index.put(classes.get(k), k);
        }
        int[] labels = targets.stream().mapToInt(index::get).toArray();
        return new LabeledData(new Dataset(xm, Labels.oneHot(labels, classes.size())), names, classes);
    }

    private static int targetColumn(CsvOptions o, String[] header, int columns, String source)
            throws MalformedDataException {
        if (o.targetName() != null) {
            for (int c = 0; c < header.length; c++) {
                if (header[c].strip().equals(o.targetName())) {
                    return c;
                }
            }
            throw new MalformedDataException(source + ": no column named \"" + o.targetName() + "\"; the header"
                    + " has " + String.join(", ", header));
        }
        int t = o.targetIndex() < 0 ? columns + o.targetIndex() : o.targetIndex();
        if (t < 0 || t >= columns) {
            throw new MalformedDataException(source + ": target column index " + o.targetIndex() + " but the file"
                    + " has " + columns + " columns");
        }
        return t;
    }

    private static Comparator<String> classOrder(List<String> labels) {
        boolean numeric = labels.stream().allMatch(CsvReader::isNumber);
        return numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
    }

    private static void fillWithColumnMeans(DMatrixRMaj x, List<String> names, String source)
            throws MalformedDataException {
        for (int c = 0; c < x.numCols; c++) {
            double sum = 0;
            int n = 0;
            for (int r = 0; r < x.numRows; r++) {
                double v = x.get(r, c);
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
            if (n == 0) {
                throw new MalformedDataException(source + ": column \"" + names.get(c) + "\" has no values");
            }
            double mean = sum / n;
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

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(String field, String source, int line, int column, String name)
            throws MalformedDataException {
        String s = field.strip();
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new MalformedDataException(source + " line " + line + ", column " + (column + 1) + " (\"" + name
                    + "\"): \"" + s + "\" is not a number", e);
        }
        if (!Double.isFinite(v)) {
            throw new MalformedDataException(source + " line " + line + ", column " + (column + 1) + " (\"" + name
                    + "\"): \"" + s + "\" is not finite");
        }
        return v;
    }

    /** Splits one line at the delimiter; double quotes enclose fields, {@code ""} inside is a quote. */
    static String[] split(String line, char delimiter, String source, int lineNo) throws MalformedDataException {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.toString().isBlank()) {
                field.setLength(0);
                quoted = true;
            } else if (ch == delimiter) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new MalformedDataException(source + " line " + lineNo + ": a quoted field is not closed");
        }
        out.add(field.toString());
        return out.toArray(String[]::new);
    }
}
