package io.github.matrixbackprop.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every {@link EpochReport} it receives, so that the {@link TrainingHistory} is there even
 * when {@code fit} ends with an exception (e.g. {@link TrainingDivergedException}). Mutable; one
 * recorder per trainer (it collects the reports of every {@code fit} it listens to, in order).
 */
public final class HistoryRecorder implements TrainingListener {

    private final List<EpochReport> reports = new ArrayList<>();

    /** An empty recorder. */
    public HistoryRecorder() {
    }

    @Override
    public void onEpochEnd(EpochReport report) {
        reports.add(report);
    }

    /**
     * The history of the reports received so far (a copy: later epochs do not change it).
     *
     * @return the history; its accuracy kind is that of the first report, {@code null} without reports
     * @throws IllegalArgumentException if the reports carry different kinds of accuracy (fits of
     *     different tasks)
     */
    public TrainingHistory history() {
        return new TrainingHistory(reports, reports.isEmpty() ? null : reports.get(0).accuracyKind());
    }
}
