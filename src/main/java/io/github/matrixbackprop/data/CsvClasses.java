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
     * Assigns classes to the labels.
     *
     * @param labels the stripped label of every row
     * @param lines  the line of every row
     * @param given  the given class names in index order, or empty to fit them
     * @param binary whether the task is {@link CsvOptions.Task#BINARY} (exactly two classes)
     * @param column the target column
     * @return the class names and the class of every row
     * @throws MalformedDataException for a label not among the given classes, a third label in a
     *     binary column, fewer than two fitted binary classes, or an implausible class count
     */
    static Assignment assign(List<String> labels, List<Integer> lines, List<String> given, boolean binary,
                             Column column) throws MalformedDataException {
        Assignment a = given.isEmpty() ? fit(labels, lines, binary, column) : match(labels, lines, given, column);
        int width = binary ? 1 : a.names().size();
        if ((long) labels.size() * width > IdxReader.MAX_VALUES) {
            throw new MalformedDataException(column.source() + ", " + column.column() + ": " + labels.size()
                    + " rows of " + width + " classes are more than the " + IdxReader.MAX_VALUES
                    + " values a one-hot matrix can hold");
        }
        return a;
    }

    /** Fitted classes: the distinct labels, sorted, each named as first seen. */
    private static Assignment fit(List<String> labels, List<Integer> lines, boolean binary, Column column)
            throws MalformedDataException {
        int n = labels.size();
        double[] values = new double[n];
        boolean numeric = true;
        for (int i = 0; i < n && numeric; i++) {
            values[i] = DecimalText.finiteValue(labels.get(i));
            numeric = !Double.isNaN(values[i]);
        }
        Object[] keys = new Object[n];
        Map<Object, String> firstSeen = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            keys[i] = numeric ? (Object) values[i] : labels.get(i);
            if (!firstSeen.containsKey(keys[i])) {
                if (binary && firstSeen.size() == 2) {
                    List<String> two = new ArrayList<>(firstSeen.values());
                    throw new MalformedDataException(column.at(lines.get(i)) + ": a third label "
                            + Checks.quote(labels.get(i)) + " after " + Checks.quote(two.get(0)) + " and "
                            + Checks.quote(two.get(1)) + "; Task.BINARY takes two classes");
                }
                firstSeen.put(keys[i], labels.get(i));
            }
        }
        if (binary && firstSeen.size() < 2) {
            throw new MalformedDataException(column.source() + ", " + column.column() + ": the only label is "
                    + Checks.quote(labels.get(0)) + "; Task.BINARY takes two classes (name both with"
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
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = index.get(keys[i]);
        }
        return new Assignment(List.copyOf(names), classes);
    }

    /** Given classes: every label must be one of them (by text, or as a number equal to a numeric name). */
    private static Assignment match(List<String> labels, List<Integer> lines, List<String> given, Column column)
            throws MalformedDataException {
        Map<String, Integer> byText = new HashMap<>();
        Map<Double, Integer> byValue = new HashMap<>();
        for (int k = 0; k < given.size(); k++) {
            byText.put(given.get(k), k);
            double v = DecimalText.finiteValue(given.get(k));
            if (!Double.isNaN(v)) {
                byValue.put(v, k);
            }
        }
        int[] classes = new int[labels.size()];
        for (int i = 0; i < classes.length; i++) {
            String label = labels.get(i);
            Integer k = byText.get(label);
            if (k == null) {
                double v = DecimalText.finiteValue(label);
                k = Double.isNaN(v) ? null : byValue.get(v);
            }
            if (k == null) {
                throw new MalformedDataException(column.at(lines.get(i)) + ": the label " + Checks.quote(label)
                        + " is not one of the " + given.size() + " given classes " + list(given));
            }
            classes[i] = k;
        }
        return new Assignment(given, classes);
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
