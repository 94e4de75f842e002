package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@link CsvReader} reads a file.
 *
 * @param header      whether the first line holds column names
 * @param delimiter   the field separator (fields may be enclosed in double quotes)
 * @param targetName  the target column by name (needs a header), or {@code null} to use {@code targetIndex}
 * @param targetIndex the target column by 0-based index; negative counts from the end ({@code -1}: last)
 * @param task        classification (targets become one-hot classes), binary (one 0/1 target) or regression
 *                    (one numeric target)
 * @param missing     what to do with an empty field or one of {@code ?}, {@code NA}, {@code NaN}
 * @param classes     the class names in index order, to read labels against a fixed class list (e.g. the
 *                    {@link LabeledData#classNames()} of the training file when reading its test file); empty
 *                    to take the classes from the file
 */
public record CsvOptions(boolean header, char delimiter, String targetName, int targetIndex, Task task,
                         MissingValues missing, List<String> classes) {

    /** What the target column holds. */
    public enum Task {
        /** Labels (strings or numbers) turned into one-hot targets, one column per class. */
        CLASSIFICATION,
        /** A number. */
        REGRESSION,
        /**
         * Two classes as one target column of 0 (the first class) and 1 (the second), e.g. for
         * binary cross-entropy; the classes are ordered as for {@link #CLASSIFICATION} or given
         * by {@link CsvOptions#withClasses}.
         */
        BINARY
    }

    /** The policy for missing values. */
    public enum MissingValues {
        /** A missing value is an error naming its line and column. */
        ERROR,
        /** Rows with a missing value are left out. */
        SKIP_ROW,
        /** A missing feature is replaced by the mean of its column (a missing target is still an error). */
        COLUMN_MEAN
    }

    /**
     * Validates the options and copies the class list.
     *
     * @param header whether the first line holds column names
     * @param delimiter the field separator (fields may be enclosed in double quotes)
     * @param targetName the target column by name (needs a header), or {@code null} to use {@code targetIndex}
     * @param targetIndex the target column by 0-based index; negative counts from the end ({@code -1}: last)
     * @param task classification (targets become one-hot classes), binary (one 0/1 target) or regression (one
     *     numeric target)
     * @param missing what to do with an empty field or one of {@code ?}, {@code NA}, {@code NaN}
     * @param classes the class names in index order, or empty to take the classes from the file; see
     *     {@link #withClasses(List)} for what a list must satisfy
     * @throws IllegalArgumentException if the delimiter is a quote or a line break, a target is named
     *     without a header, or the class list is invalid or does not fit the task
     */
    public CsvOptions {
        Checks.notNull(task, "task");
        Checks.notNull(missing, "missing-value policy");
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("delimiter must not be a quote or a line break but was '"
                    + delimiter + "'");
        }
        if (targetName != null && !header) {
            throw new IllegalArgumentException("the target column " + Checks.quote(targetName)
                    + " is named, but the file is read without a header");
        }
        classes = checkClasses(Checks.notNull(classes, "class list"), task);
    }

    /**
     * The options without a class list (classes are taken from the file).
     *
     * @param header whether the first line holds column names
     * @param delimiter the field separator (fields may be enclosed in double quotes)
     * @param targetName the target column by name (needs a header), or {@code null} to use {@code targetIndex}
     * @param targetIndex the target column by 0-based index; negative counts from the end ({@code -1}: last)
     * @param task classification (targets become one-hot classes), binary (one 0/1 target) or regression (one
     *     numeric target)
     * @param missing what to do with an empty field or one of {@code ?}, {@code NA}, {@code NaN}
     * @throws IllegalArgumentException if the delimiter is a quote or a line break, or a target is named
     *     without a header
     */
    public CsvOptions(boolean header, char delimiter, String targetName, int targetIndex, Task task,
                      MissingValues missing) {
        this(header, delimiter, targetName, targetIndex, task, missing, List.of());
    }

    private static List<String> checkClasses(List<String> classes, Task task) {
        if (classes.isEmpty()) {
            return List.of();
        }
        List<String> copy = new ArrayList<>(classes);
        if (task == Task.REGRESSION) {
            throw new IllegalArgumentException("a class list (" + CsvClasses.list(copy) + ") is given, but the"
                    + " task is REGRESSION");
        }
        if (copy.size() < 2 || (task == Task.BINARY && copy.size() != 2)) {
            throw new IllegalArgumentException((task == Task.BINARY ? "binary targets need exactly two classes"
                    : "a class list needs at least two classes") + " but " + copy.size() + " given: "
                    + CsvClasses.list(copy));
        }
        Set<String> seen = new HashSet<>();
        Map<Double, String> values = new HashMap<>();
        for (int k = 0; k < copy.size(); k++) {
            String name = copy.get(k);
            if (name == null) {
                throw new NullPointerException("class name " + k + " must not be null");
            }
            if (name.isBlank() || !name.equals(name.strip())) {
                throw new IllegalArgumentException("class name " + k + " " + Checks.quote(name) + " is blank or has"
                        + " leading or trailing whitespace (labels are read without it)");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("class name " + k + " " + Checks.quote(name)
                        + " appears twice in the class list");
            }
            double v = DecimalText.finiteValue(name);
            String same = Double.isNaN(v) ? null : values.putIfAbsent(v, name);
            if (same != null) {
                throw new IllegalArgumentException("class name " + k + " " + Checks.quote(name) + " is the same number"
                        + " as " + Checks.quote(same) + " in the class list");
            }
        }
        return List.copyOf(copy);
    }

    /**
     * A header, commas, the last column as a classification target, missing values an error.
     *
     * @return the default options
     */
    public static CsvOptions defaults() {
        return new CsvOptions(true, ',', null, -1, Task.CLASSIFICATION, MissingValues.ERROR);
    }

    /**
     * The same, with or without a header line.
     *
     * @param on the new {@code header}: whether the first line holds column names
     * @return a copy that differs only in {@code header}; this one is unchanged
     */
    public CsvOptions withHeader(boolean on) {
        return new CsvOptions(on, delimiter, on ? targetName : null, targetIndex, task, missing, classes);
    }

    /**
     * The same with another delimiter.
     *
     * @param d the new {@code delimiter}: the field separator (fields may be enclosed in double quotes)
     * @return a copy that differs only in {@code delimiter}; this one is unchanged
     */
    public CsvOptions withDelimiter(char d) {
        return new CsvOptions(header, d, targetName, targetIndex, task, missing, classes);
    }

    /**
     * The same with the target column named.
     *
     * @param name the target column's name (needs a header)
     * @return a copy that differs only in the target column; this one is unchanged
     */
    public CsvOptions withTarget(String name) {
        return new CsvOptions(header, delimiter, Checks.notNull(name, "target column name"), targetIndex, task,
                missing, classes);
    }

    /**
     * The same with the target column at this index (negative: from the end).
     *
     * @param index the target column's 0-based index; negative counts from the end
     * @return a copy that differs only in the target column; this one is unchanged
     */
    public CsvOptions withTarget(int index) {
        return new CsvOptions(header, delimiter, null, index, task, missing, classes);
    }

    /**
     * The same for another task.
     *
     * @param t the new {@code task}: classification (targets become one-hot classes), binary (one 0/1
     *     target) or regression (one numeric target)
     * @return a copy that differs only in {@code task}; this one is unchanged
     * @throws IllegalArgumentException if a class list is set and does not fit {@code t} (regression takes
     *     none, binary exactly two)
     */
    public CsvOptions withTask(Task t) {
        return new CsvOptions(header, delimiter, targetName, targetIndex, t, missing, classes);
    }

    /**
     * The same with another missing-value policy.
     *
     * @param m the new {@code missing}: what to do with an empty field or one of {@code ?}, {@code NA}, {@code
     *     NaN}
     * @return a copy that differs only in {@code missing}; this one is unchanged
     */
    public CsvOptions withMissing(MissingValues m) {
        return new CsvOptions(header, delimiter, targetName, targetIndex, task, m, classes);
    }

    /**
     * The same with a fixed class list: class {@code k} is {@code names.get(k)} whatever labels
     * the file holds, and a label not in the list is an error naming its line and column. This
     * is how a test file is read with the classes of its training file:
     * <pre>{@code
     * LabeledData train = CsvReader.read(trainFile, CsvOptions.defaults());
     * LabeledData test = CsvReader.read(testFile, CsvOptions.defaults().withClasses(train.classNames()));
     * }</pre>
     * A label matches a name with the same text, or, when both are decimal numbers, the same
     * value ({@code 1.0} matches {@code 1}).
     *
     * @param names the class names in index order: no nulls, none blank or with leading or trailing
     *     whitespace, no two equal (as text or as numbers), at least two (exactly two for
     *     {@link Task#BINARY}); empty to take the classes from the file again; copied, not modified
     * @return a copy that differs only in {@code classes}; this one is unchanged
     * @throws IllegalArgumentException if the list breaks one of these rules or the task is
     *     {@link Task#REGRESSION}
     */
    public CsvOptions withClasses(List<String> names) {
        return new CsvOptions(header, delimiter, targetName, targetIndex, task, missing,
                Checks.notNull(names, "class list"));
    }
}
