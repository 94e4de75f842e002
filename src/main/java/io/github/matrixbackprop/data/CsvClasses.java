package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classes of a CSV target column: the labels turned into class indices, either fitted from
 * the labels themselves or matched against a given class list ({@link CsvOptions#classes()}).
 *
 * <p>Labels that are decimal numbers ({@link DecimalText}) compare as numbers wherever every
 * label of the column is one (fitted) or the given name is one (matched): {@code 1}, {@code 1.0}
 * and {@code 1e0} are one class, and so are {@code 0} and {@code -0}; a fitted class is named as
 * first seen. Fitted classes are ordered numerically when every label is a number, else
 * alphabetically.
 *
 * <p>A fitted class count is refused as implausible when it is above {@link #MAX_FITTED}, or
 * above {@link #FEW} while the rows are fewer than two per class on average: such a column is
 * almost always a numeric target read as classes. Whatever the classes, the one-hot matrix
 * must hold at most {@link IdxReader#MAX_VALUES} values.
 */
final class CsvClasses {

    /** The most classes fitted from a file. */
    static final int MAX_FITTED = 10_000;

    /** Up to this many fitted classes, any number of rows per class is fine. */
    static final int FEW = 100;

    /** At most this many names are listed in a message. */
    private static final int LISTED = 10;

    private CsvClasses() {
    }

    /**
     * The class names in index order and the class of every row.
     *
     * @param names   class {@code k} is named {@code names.get(k)}
     * @param classes the class of every row
     */
    record Assignment(List<String> names, int[] classes) {
    }

    /**
     * The target column, for messages.
     *
     * @param source the name of the input
     * @param index  the column's 0-based index
     * @param name   the column's name
     */
    record Column(String source, int index, String name) {

        String at(int line) {
            return source + " line " + line + ", " + column();
        }

        String column() {
            return "column " + (index + 1) + " (" + Checks.quote(name) + ")";
        }
    }

    /**
     * Assigns classes to the labels of the rows.
     *
     * @param labels the distinct stripped labels, in the order they first appear, with their lines
     * @param rows   {@code rows[i]} is the label of row {@code i} for {@code i < n}; overwritten with its class
     * @param n      the number of rows
     * @param given  the given class names in index order, or empty to fit them
     * @param binary whether the task is {@link CsvOptions.Task#BINARY} (exactly two classes)
     * @param column the target column
     * @return the class names and {@code rows}, now the class of every row
     * @throws MalformedDataException for a label not among the given classes, a third label in a
     *     binary column, fewer than two fitted binary classes, or an implausible class count
     */
    static Assignment assign(CsvLabels labels, int[] rows, int n, List<String> given, boolean binary,
                             Column column) throws MalformedDataException {
        int[] classOf = given.isEmpty() ? null : match(labels, given, column);
        List<String> names = given;
        if (classOf == null) {
            Fitted f = fit(labels, n, binary, column);
            classOf = f.classOf();
            names = f.names();
        }
        int width = binary ? 1 : names.size();
        if ((long) n * width > IdxReader.MAX_VALUES) {
            throw new MalformedDataException(column.source() + ", " + column.column() + ": " + n
                    + " rows of " + width + " classes are more than the " + IdxReader.MAX_VALUES
                    + " values a one-hot matrix can hold");
        }
        for (int i = 0; i < n; i++) {
            rows[i] = classOf[rows[i]];
        }
        return new Assignment(names, rows);
    }

    /** Fitted classes and the class of every distinct label. */
    record Fitted(List<String> names, int[] classOf) {
    }

    /**
     * Fitted classes: the distinct labels, sorted, each named as first seen. A label's first
     * appearance is where a row first holds its class, so messages name the same line as a pass
     * over the rows would.
     *
     * @param labels the distinct labels of the rows
     * @param n the number of rows
     * @param binary whether exactly two classes are needed
     * @param column the target column
     * @return the class names and the class of every distinct label
     * @throws MalformedDataException for a third label in a binary column, fewer than two binary
     *     classes, or an implausible class count
     */
    static Fitted fit(CsvLabels labels, long n, boolean binary, Column column) throws MalformedDataException {
        int d = labels.size();
        double[] values = new double[d];
        boolean numeric = true;
        for (int j = 0; j < d && numeric; j++) {
            values[j] = DecimalText.finiteValue(labels.label(j));
            numeric = !Double.isNaN(values[j]);
        }
        Object[] keys = new Object[d];
        Map<Object, String> firstSeen = new LinkedHashMap<>();
        for (int j = 0; j < d; j++) {
            keys[j] = numeric ? (Object) values[j] : labels.label(j);
            if (!firstSeen.containsKey(keys[j])) {
                if (binary && firstSeen.size() == 2) {
                    List<String> two = new ArrayList<>(firstSeen.values());
                    throw new MalformedDataException(column.at(labels.line(j)) + ": a third label "
                            + Checks.quote(labels.label(j)) + " after " + Checks.quote(two.get(0)) + " and "
                            + Checks.quote(two.get(1)) + "; Task.BINARY takes two classes");
                }
                firstSeen.put(keys[j], labels.label(j));
            }
        }
        if (binary && firstSeen.size() < 2) {
            throw new MalformedDataException(column.source() + ", " + column.column() + ": the only label is "
                    + Checks.quote(labels.label(0)) + "; Task.BINARY takes two classes (name both with"
                    + " CsvOptions.withClasses)");
        }
        int count = firstSeen.size();
        if (count > MAX_FITTED || (count > FEW && 2L * count > n)) {
            throw new MalformedDataException(column.source() + ", " + column.column() + ": " + count
                    + " distinct labels in " + n + " rows are too many classes (at most " + MAX_FITTED
                    + ", and more than " + FEW + " only with two or more rows per class on average); read the"
                    + " column as a number (Task.REGRESSION) or pass the class list (CsvOptions.withClasses)");
        }
        List<Object> sorted = new ArrayList<>(firstSeen.keySet());
        if (numeric) {
            sorted.sort((a, b) -> Double.compare((Double) a, (Double) b));
        } else {
            sorted.sort((a, b) -> ((String) a).compareTo((String) b));
        }
        Map<Object, Integer> index = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Object key : sorted) {
            index.put(key, names.size());
            names.add(firstSeen.get(key));
        }
        int[] classOf = new int[d];
        for (int j = 0; j < d; j++) {
            classOf[j] = index.get(keys[j]);
        }
        return new Fitted(List.copyOf(names), classOf);
    }

    /**
     * Given classes: every label must be one of them (by text, or as a number equal to a numeric
     * name); the first label (in order of appearance) that is not is named with its line.
     */
    private static int[] match(CsvLabels labels, List<String> given, Column column) throws MalformedDataException {
        CsvClassIndex index = new CsvClassIndex(given);
        int[] classOf = new int[labels.size()];
        for (int j = 0; j < classOf.length; j++) {
            String label = labels.label(j);
            classOf[j] = index.classOf(label.toCharArray(), 0, label.length());
            if (classOf[j] < 0) {
                throw notGiven(column, labels.line(j), label, given);
            }
        }
        return classOf;
    }

    /**
     * The error for a label that is not one of the given classes.
     *
     * @param column the target column
     * @param line the line of the row
     * @param label the label
     * @param given the given class names
     * @return the exception to throw
     */
    static MalformedDataException notGiven(Column column, int line, String label, List<String> given) {
        return new MalformedDataException(column.at(line) + ": the label " + Checks.quote(label)
                + " is not one of the " + given.size() + " given classes " + list(given));
    }

    /**
     * Names quoted and separated by commas, at most ten of them.
     *
     * @param names the names
     * @return e.g. {@code 'a', 'b', 'c'} or {@code 'a', ..., 'j' and 5 more}
     */
    static String list(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < Math.min(names.size(), LISTED); k++) {
            sb.append(k == 0 ? "" : ", ").append(Checks.quote(names.get(k)));
        }
        if (names.size() > LISTED) {
            sb.append(" and ").append(names.size() - LISTED).append(" more");
        }
        return sb.toString();
    }
}
