package io.github.matrixbackprop.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Prints one line per epoch, e.g.
 * {@code epoch  3/20  cost 0.123456  val cost 0.145600  acc 0.9712  val acc 0.9644  lr 1.0e-03  52113
 * samples/s  left 0:12}. The accuracy says its kind ({@link AccuracyKind#label()}: {@code acc} for
 * single-label classes, {@code binary acc} for one sigmoid unit, {@code hamming acc} for
 * multi-label outputs; none for regression); samples per second and the
 * time left come from a moving window that leaves out the JIT's warm-up ({@link EpochReport}).
 * Thread-safe as far as {@link PrintStream} is.
 */
public final class ProgressPrinter implements TrainingListener {

    private final PrintStream out;

    /**
     * Prints to {@code out}.
     *
     * @param out where to print the lines
     */
    public ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    /** Prints to standard output. */
    public ProgressPrinter() {
        this(System.out);
    }

    @Override
    public void onEpochEnd(EpochReport r) {
        out.println(format(r));
    }

    /**
     * The line printed for {@code r}.
     *
     * @param r an epoch's report
     * @return the line, without a line break
     */
    public static String format(EpochReport r) {
        StringBuilder sb = new StringBuilder();
        int digits = String.valueOf(r.epochs()).length();
        sb.append(String.format(Locale.ROOT, "epoch %" + digits + "d/%d  cost %.6f", r.epoch(), r.epochs(),
                r.trainCost()));
        if (!Double.isNaN(r.validationCost())) {
            sb.append(String.format(Locale.ROOT, "  val cost %.6f", r.validationCost()));
        }
        if (r.accuracyKind() != null && !Double.isNaN(r.trainAccuracy())) {
            sb.append(String.format(Locale.ROOT, "  %s %.4f", r.accuracyKind().label(), r.trainAccuracy()));
        }
        if (r.accuracyKind() != null && !Double.isNaN(r.validationAccuracy())) {
            sb.append(String.format(Locale.ROOT, "  val %s %.4f", r.accuracyKind().label(), r.validationAccuracy()));
        }
        sb.append(String.format(Locale.ROOT, "  lr %.1e  %.0f samples/s  left %s", r.learningRate(),
                r.samplesPerSecond(), clock(r.timeLeft())));
        return sb.toString();
    }

    /** {@code m:ss}, or {@code h:mm:ss} from one hour on. */
    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
