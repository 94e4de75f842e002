package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link CsvBatchSource} learns from reading a file once in full: the number of rows, the
 * feature and class names and, for {@link CsvOptions.MissingValues#COLUMN_MEAN}, the column
 * means. The file is read as {@link CsvReader} reads it, with the same checks in the same order
 * and the same messages, but no row is kept; the means are computed as {@code CsvReader}
 * computes them (sum in file order; a column whose sum overflows is summed again, scaled, in a
 * second pass). One difference: a target column of more than {@link CsvClasses#MAX_FITTED}
 * distinct labels is refused without counting them all.
 *
 * @param rows         the rows kept (after the missing-value policy)
 * @param featureNames one name per feature
 * @param classNames   the class names, fitted or given; empty for regression
 * @param means        the mean of every feature column, or {@code null} without {@code COLUMN_MEAN}
 */
record CsvScan(long rows, List<String> featureNames, List<String> classNames, double[] means) {

    /**
     * Reads {@code file} in full.
     *
     * @param file the CSV file
     * @param options how to read it
     * @return what it holds
     * @throws IOException if reading fails, or a {@link MalformedDataException} as {@link CsvReader} reports it
     */
    static CsvScan of(Path file, CsvOptions options) throws IOException {
        String name = file.getFileName().toString();
        boolean regression = options.task() == CsvOptions.Task.REGRESSION;
        boolean fitted = !regression && options.classes().isEmpty();
        boolean mean = options.missing() == CsvOptions.MissingValues.COLUMN_MEAN;
        try (Reader in = DataFiles.utf8(file)) {
            CsvRowReader reader = new CsvRowReader(in, options, name, true);
            int n0 = reader.featureCount();
            double[] x = new double[n0];
            double[] sum = new double[mean ? n0 : 0];
            double[] largest = new double[sum.length];
            long[] count = new long[sum.length];
            CsvLabels labels = fitted ? new CsvLabels() : null;
            CsvClassIndex given = regression || fitted ? null : new CsvClassIndex(options.classes());
            MalformedDataException labelError = null;
            long rows = 0;
            int outcome;
            while ((outcome = reader.next(x, 0)) != CsvRowReader.END) {
                if (outcome == CsvRowReader.SKIPPED) {
                    continue;
                }
                rows++;
                char[] b = reader.chars();
                if (labels != null && labelError == null) {
                    labels.intern(b, reader.targetStart(), reader.targetEnd(), reader.line());
                    if (labels.size() > CsvClasses.MAX_FITTED) {
                        labelError = tooManyLabels(reader.targetColumn(), reader.line());
                    }
                }
                if (given != null && labelError == null
                        && given.classOf(b, reader.targetStart(), reader.targetEnd()) < 0) {
                    labelError = CsvClasses.notGiven(reader.targetColumn(), reader.line(), new String(b,
                            reader.targetStart(), reader.targetEnd() - reader.targetStart()), options.classes());
                }
                for (int k = 0; k < sum.length; k++) {
                    double v = x[k];
                    if (!Double.isNaN(v)) {
                        sum[k] += v;
                        largest[k] = Math.max(largest[k], Math.abs(v));
                        count[k]++;
                    }
                }
            }
            if (rows == 0) {
                throw new MalformedDataException(name + ": every row has a missing value");
            }
            double[] means = mean ? means(file, options, reader.featureNames(), sum, largest, count) : null;
            if (reader.targetError() != null) {
                throw reader.targetError();
            }
            if (labelError != null) {
                throw labelError;
            }
            List<String> classes = regression ? List.of() : fitted ? CsvClasses.fit(labels, rows,
                    options.task() == CsvOptions.Task.BINARY, reader.targetColumn()).names() : options.classes();
            return new CsvScan(rows, reader.featureNames(), classes, means);
        }
    }

    private static MalformedDataException tooManyLabels(CsvClasses.Column column, int line) {
        return new MalformedDataException(column.source() + ", " + column.column() + ": more than "
                + CsvClasses.MAX_FITTED + " distinct labels (the next one on line " + line + ") are too many classes;"
                + " read the column as a number (Task.REGRESSION) or pass the class list (CsvOptions.withClasses)");
    }

    /** The column means as {@link CsvReader} computes them; a second pass for a column whose sum overflowed. */
    private static double[] means(Path file, CsvOptions options, List<String> names, double[] sum, double[] largest,
                                  long[] count) throws IOException {
        int n0 = sum.length;
        double[] means = new double[n0];
        boolean overflow = false;
        for (int k = 0; k < n0; k++) {
            if (count[k] == 0) {
                throw new MalformedDataException(file.getFileName() + ": column " + Checks.quote(names.get(k))
                        + " has no values");
            }
            means[k] = sum[k] / count[k];
            overflow |= !Double.isFinite(sum[k]);
        }
        if (!overflow) {
            return means;
        }
        // the sum overflowed: sum the values scaled by a power of two into (-2, 2) each
        int[] exponent = new int[n0];
        for (int k = 0; k < n0; k++) {
            exponent[k] = Math.getExponent(largest[k]);
        }
        double[] scaled = new double[n0];
        try (Reader in = DataFiles.utf8(file)) {
            CsvRowReader reader = new CsvRowReader(in, options, file.getFileName().toString(), false);
            double[] x = new double[n0];
            int outcome;
            while ((outcome = reader.next(x, 0)) != CsvRowReader.END) {
                if (outcome == CsvRowReader.SKIPPED) {
                    continue;
                }
                for (int k = 0; k < n0; k++) {
                    if (!Double.isNaN(x[k])) {
                        scaled[k] += Math.scalb(x[k], -exponent[k]);
                    }
                }
            }
        }
        for (int k = 0; k < n0; k++) {
            if (!Double.isFinite(sum[k])) {
                // the mean lies within the values; keep rounding from pushing it past the largest
                means[k] = Math.max(-largest[k], Math.min(largest[k], Math.scalb(scaled[k] / count[k], exponent[k])));
            }
        }
        return means;
    }
}
