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

    /** Validates the options. */
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

    /** A header, commas, the last column as a classification target, missing values an error. */
    public static CsvOptions defaults() {
        return new CsvOptions(true, ',', null, -1, Task.CLASSIFICATION, MissingValues.ERROR);
    }

    /** The same, with or without a header line. */
    public CsvOptions withHeader(boolean on) {
        return new CsvOptions(on, delimiter, on ? targetName : null, targetIndex, task, missing);
    }

    /** The same with another delimiter. */
    public CsvOptions withDelimiter(char d) {
        return new CsvOptions(header, d, targetName, targetIndex, task, missing);
    }

    /** The same with the target column named. */
    public CsvOptions withTarget(String name) {
        return new CsvOptions(header, delimiter, Checks.notNull(name, "target column name"), targetIndex, task,
                missing);
    }

    /** The same with the target column at this index (negative: from the end). */
    public CsvOptions withTarget(int index) {
        return new CsvOptions(header, delimiter, null, index, task, missing);
    }

    /** The same for another task. */
    public CsvOptions withTask(Task t) {
        return new CsvOptions(header, delimiter, targetName, targetIndex, t, missing);
    }

    /** The same with another missing-value policy. */
    public CsvOptions withMissing(MissingValues m) {
        return new CsvOptions(header, delimiter, targetName, targetIndex, task, m);
    }
}
