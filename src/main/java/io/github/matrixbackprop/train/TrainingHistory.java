package io.github.matrixbackprop.train;

import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training curves: per epoch the training and validation cost, the training and validation
 * accuracy of the kind that fits the task, the learning rate and the epoch's time; from
 * {@link TrainingResult#toHistory()}, or from a {@link HistoryRecorder} (which also keeps the
 * epochs before a {@link TrainingDivergedException}). Written as CSV by {@link #writeCsv}; drawn by
 * {@code io.github.matrixbackprop.plot.HistoryPlot}.
 *
 * @param epochs       one report per epoch, in order
 * @param accuracyKind the accuracy every report carries, or {@code null} for regression (no accuracy)
 */
public record TrainingHistory(List<EpochReport> epochs, AccuracyKind accuracyKind) {

    /** The CSV file's first line: the names of its columns. */
    public static final String CSV_HEADER =
            "epoch,train_cost,train_metric,validation_cost,validation_metric,learning_rate,seconds,metric";

    /**
     * Copies the list and checks that every report carries {@code accuracyKind}.
     *
     * @param epochs one report per epoch, in order
     * @param accuracyKind the accuracy every report carries, or {@code null} for regression
     * @throws NullPointerException if the list or a report is null
     * @throws IllegalArgumentException naming the epoch whose report carries another kind of accuracy
     */
    public TrainingHistory {
        epochs = List.copyOf(Checks.notNull(epochs, "epochs"));
        for (EpochReport r : epochs) {
            if (r.accuracyKind() != accuracyKind) {
                throw new IllegalArgumentException("epoch " + r.epoch() + " reports " + describe(r.accuracyKind())
                        + " but the history holds " + describe(accuracyKind));
            }
        }
    }

    /**
     * The name of the accuracy, as progress lines and the CSV's {@code metric} column show it.
     *
     * @return {@link AccuracyKind#label()}, e.g. {@code "hamming acc"}, or {@code null} for regression
     */
    public String metricName() {
        return accuracyKind == null ? null : accuracyKind.label();
    }

    /**
     * Whether any epoch has a validation cost.
     *
     * @return {@code true} if some report's {@code validationCost} is not NaN
     */
    public boolean hasValidation() {
        for (EpochReport r : epochs) {
            if (!Double.isNaN(r.validationCost())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The history as CSV: the line {@link #CSV_HEADER}, then one line per epoch with
     * {@code epoch, trainCost, trainAccuracy, validationCost, validationAccuracy, learningRate},
     * the epoch's time in seconds ({@code epochTime}, training and validation) and the accuracy's
     * name ({@link #metricName()}). Numbers are written with {@link Double#toString(double)} (they
     * read back exactly); a value that does not exist (NaN: no validation, or no accuracy for
     * regression) is an empty cell, as is the name for regression. Lines end with {@code \n}.
     *
     * @return the CSV text
     */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        String name = metricName() == null ? "" : metricName();
        for (EpochReport r : epochs) {
            sb.append(r.epoch()).append(',');
            cell(sb, r.trainCost());
            cell(sb, r.trainAccuracy());
            cell(sb, r.validationCost());
            cell(sb, r.validationAccuracy());
            cell(sb, r.learningRate());
            cell(sb, r.epochTime().toNanos() / 1e9);
            sb.append(name).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes {@link #toCsv()} to {@code file} in UTF-8, replacing it if it exists.
     *
     * @param file the file to write; its folder must exist
     * @throws IOException naming the file if it cannot be written
     * @throws NullPointerException if {@code file} is null
     */
    public void writeCsv(Path file) throws IOException {
        Files.writeString(Checks.notNull(file, "file"), toCsv(), StandardCharsets.UTF_8);
    }

    private static void cell(StringBuilder sb, double v) {
        if (!Double.isNaN(v)) {
            sb.append(v);
        }
        sb.append(',');
    }

    private static String describe(AccuracyKind kind) {
        return kind == null ? "no accuracy (regression)" : "the accuracy '" + kind.label() + "'";
    }
}
