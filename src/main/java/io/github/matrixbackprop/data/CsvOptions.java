package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;

/**
 * How {@link CsvReader} reads a file.
 *
 * @param header      whether the first line holds column names
 * @param delimiter   the field separator (fields may be enclosed in double quotes)
 * @param targetName  the target column by name (needs a header), or {@code null} to use {@code targetIndex}
 * @param targetIndex the target column by 0-based index; negative counts from the end ({@code -1}: last)
 * @param task        classification (targets become one-hot classes) or regression (one numeric target)
 * @param missing     what to do with an empty field or one of {@code ?}, {@code NA}, {@code NaN}
 */
public record CsvOptions(boolean header, char delimiter, String targetName, int targetIndex, Task task,
                         MissingValues missing) {

    /** What the target column holds. */
    public enum Task {
        /** Labels (strings or integers) turned into one-hot targets. */
        CLASSIFICATION,
        /** A number. */
        REGRESSION
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
     * Validates the options.
     *
     * @param header whether the first line holds column names
     * @param delimiter the field separator (fields may be enclosed in double quotes)
     * @param targetName the target column by name (needs a header), or {@code null} to use {@code targetIndex}
     * @param targetIndex the target column by 0-based index; negative counts from the end ({@code -1}: last)
     * @param task classification (targets become one-hot classes) or regression (one numeric target)
     * @param missing what to do with an empty field or one of {@code ?}, {@code NA}, {@code NaN}
     */
    public CsvOptions {
        Checks.notNull(task, "task");
        Checks.notNull(missing, "missing-value policy");
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("delimiter must not be a quote or a line break but was '"
                    + delimiter + "'");
        }
        if (targetName != null && !header) {
            throw new IllegalArgumentException("the target column '" + targetName
                    + "' is named, but the file is read without a header");
        }
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
        return new CsvOptions(on, delimiter, on ? targetName : null, targetIndex, task, missing);
    }

    /**
     * The same with another delimiter.
     *
     * @param d the new {@code delimiter}: the field separator (fields may be enclosed in double quotes)
     * @return a copy that differs only in {@code delimiter}; this one is unchanged
     */
    public CsvOptions withDelimiter(char d) {
        return new CsvOptions(header, d, targetName, targetIndex, task, missing);
    }

    /**
     * The same with the target column named.
     *
     * @param name the target column's name (needs a header)
     * @return a copy that differs only in the target column; this one is unchanged
     */
    public CsvOptions withTarget(String name) {
        return new CsvOptions(header, delimiter, Checks.notNull(name, "target column name"), targetIndex, task,
                missing);
    }

    /**
     * The same with the target column at this index (negative: from the end).
     *
     * @param index the target column's 0-based index; negative counts from the end
     * @return a copy that differs only in the target column; this one is unchanged
     */
    public CsvOptions withTarget(int index) {
        return new CsvOptions(header, delimiter, null, index, task, missing);
    }

    /**
     * The same for another task.
     *
     * @param t the new {@code task}: classification (targets become one-hot classes) or regression (one
     *     numeric target)
     * @return a copy that differs only in {@code task}; this one is unchanged
     */
    public CsvOptions withTask(Task t) {
        return new CsvOptions(header, delimiter, targetName, targetIndex, t, missing);
    }

    /**
     * The same with another missing-value policy.
     *
     * @param m the new {@code missing}: what to do with an empty field or one of {@code ?}, {@code NA}, {@code
     *     NaN}
     * @return a copy that differs only in {@code missing}; this one is unchanged
     */
    public CsvOptions withMissing(MissingValues m) {
        return new CsvOptions(header, delimiter, targetName, targetIndex, task, m);
    }
}
