package io.github.matrixbackprop.train;

import io.github.matrixbackprop.util.Checks;
import java.io.Console;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A per-batch progress bar for long epochs. It {@linkplain #needsBatchEvents() asks} the trainer
 * for batch events, so it works whatever {@link TrainerConfig#batchEvents()} says.
 *
 * <p>On a terminal it redraws one line in place (a carriage return, then the line), at most
 * {@value #REDRAWS_PER_SECOND} times a second, e.g.
 * <pre>
 * epoch  3/20 [=============&gt;                ] 412/938  cost 0.123456  52113 samples/s  ETA 0:12
 * </pre>
 * with the running mean cost of the epoch's batches so far; at the end of the epoch it draws the
 * full bar with the epoch's time ({@code in 0:27}), ends the line and prints the epoch's summary,
 * {@link ProgressPrinter#format(EpochReport)}. Where the output is not a terminal (a file, a pipe,
 * a build log), it prints plain lines instead, {@code epoch  3/20  batch 412/938  cost 0.123456
 * 52113 samples/s  ETA 0:12}, when the epoch passes a tenth of its batches, at most one every
 * {@value #PLAIN_SECONDS} seconds (so short epochs print only their summary line), and the summary
 * line after every epoch.
 *
 * <p>Samples per second and the time left come from a moving window: the last
 * {@value #WINDOW} batch-to-batch intervals, where the interval of an epoch's first batch starts
 * when the previous epoch ended (validation and the summary are not counted), and the first batch
 * of a run has none. The intervals of the first tenth of the first epoch's batches, where the JIT
 * warms up, are left out as soon as a later interval exists. The time left is that of the epoch:
 * its remaining batches times the window's mean interval. Before the first interval the line shows
 * {@code -} for both.
 *
 * <p>Mutable, for one trainer at a time; a new run (epoch 1, batch 1) starts afresh.
 */
public final class ProgressBar implements TrainingListener {

    /** Redraws per second on a terminal, at most. */
    public static final int REDRAWS_PER_SECOND = 10;

    /** Seconds between plain progress lines, at least. */
    public static final int PLAIN_SECONDS = 5;

    /** Batch-to-batch intervals in the moving window. */
    public static final int WINDOW = 50;

    /** Characters between the brackets of the bar. */
    static final int BAR_WIDTH = 30;

    private static final long REDRAW_NANOS = 1_000_000_000L / REDRAWS_PER_SECOND;
    private static final long PLAIN_NANOS = PLAIN_SECONDS * 1_000_000_000L;

    private final Appendable out;
    private final boolean terminal;
    private final LongSupplier clock;

    private final long[] windowNanos = new long[WINDOW];
    private final int[] windowSamples = new int[WINDOW];
    private int windowCount;
    private int windowNext;
    private long windowNanoSum;
    private long windowSampleSum;
    private long warmNanos;
    private long warmSamples;
    private int warmCount;

    private int epoch;
    private int epochs;
    private int batch;
    private int batches;
    private long previousEnd;
    private boolean havePreviousEnd;
    private double costSum;
    private long samples;
    private boolean drewAny;
    private long lastDraw;
    private int lineLength;
    private long lastPlain;
    private int plainTenth;

    /**
     * A bar on standard output, redrawn in place if standard output is a terminal (a console
     * that, on JDK 22 and later, also {@code isTerminal()}), else plain lines.
     */
    public ProgressBar() {
        this(System.out, isTerminal(System.console()), System::nanoTime);
    }

    /**
     * A bar written to {@code out}.
     *
     * @param out where to write; flushed after every write if it is {@link Flushable}
     * @param terminal {@code true} to redraw one line in place, {@code false} for plain lines
     * @throws NullPointerException if {@code out} is null
     */
    public ProgressBar(Appendable out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    /** As {@link #ProgressBar(Appendable, boolean)}, with the clock in nanoseconds (for tests). */
    ProgressBar(Appendable out, boolean terminal, LongSupplier nanoClock) {
        this.out = Checks.notNull(out, "output");
        this.terminal = terminal;
        this.clock = Checks.notNull(nanoClock, "clock");
    }

    @Override
    public boolean needsBatchEvents() {
        return true;
    }

    @Override
    public void onBatchEnd(BatchReport r) {
        long now = clock.getAsLong();
        if (r.epoch() == 1 && r.batch() == 1) {
            resetRun();
        }
        if (r.epoch() != epoch || r.batch() <= batch) {
            startEpoch(r, now);
        }
        if (havePreviousEnd) {
            boolean warmUp = r.epoch() == 1 && r.batch() <= Math.max(1, r.batches() / 10);
            addInterval(now - previousEnd, r.samples(), warmUp);
        }
        previousEnd = now;
        havePreviousEnd = true;
        batch = r.batch();
        batches = r.batches();
        epochs = r.epochs();
        costSum += r.cost() * r.samples();
        samples += r.samples();
        if (terminal) {
            if (!drewAny || now - lastDraw >= REDRAW_NANOS) {
                redraw(barLine(eta()));
                drewAny = true;
                lastDraw = now;
            }
        } else {
            int tenth = (int) (10L * batch / batches);
            if (tenth > plainTenth && batch < batches && now - lastPlain >= PLAIN_NANOS) {
                write(plainLine() + System.lineSeparator());
                lastPlain = now;
            }
            plainTenth = Math.max(plainTenth, tenth);
        }
    }

    @Override
    public void onEpochEnd(EpochReport r) {
        long now = clock.getAsLong();
        String nl = System.lineSeparator();
        if (terminal && r.epoch() == epoch && batch > 0) {
            batch = batches;
            redraw(barLine("in " + ProgressPrinter.clock(r.epochTime())));
            write(nl + ProgressPrinter.format(r) + nl);
            lastDraw = now;
        } else {
            write(ProgressPrinter.format(r) + nl);
        }
        lineLength = 0;
        lastPlain = now;
        previousEnd = now;
        havePreviousEnd = true;
        batch = 0;
        epoch = r.epoch();
        plainTenth = 0;
        costSum = 0;
        samples = 0;
    }

    /**
     * Training samples per second over the window, NaN before the first interval.
     *
     * @return the rate
     */
    double samplesPerSecond() {
        if (windowCount > 0) {
            return windowSampleSum / (windowNanoSum / 1e9);
        }
        return warmCount > 0 ? warmSamples / (warmNanos / 1e9) : Double.NaN;
    }

    /**
     * The time left in the epoch: its remaining batches times the window's mean interval.
     *
     * @return the estimate, or {@code null} before the first interval
     */
    Duration timeLeft() {
        double perBatch = windowCount > 0 ? windowNanoSum / (double) windowCount
                : warmCount > 0 ? warmNanos / (double) warmCount : Double.NaN;
        return Double.isNaN(perBatch) ? null : Duration.ofNanos(Math.round((batches - batch) * perBatch));
    }

    private void resetRun() {
        windowCount = 0;
        windowNext = 0;
        windowNanoSum = 0;
        windowSampleSum = 0;
        warmNanos = 0;
        warmSamples = 0;
        warmCount = 0;
        havePreviousEnd = false;
        epoch = 0;
        batch = 0;
        drewAny = false;
        lineLength = 0;
    }

    private void startEpoch(BatchReport r, long now) {
        if (r.epoch() != epoch + 1 || batch != 0) {
            havePreviousEnd = false; // not the epoch after the one that ended last
        }
        if (epoch == 0 || r.epoch() != epoch + 1) {
            lastPlain = now;
        }
        epoch = r.epoch();
        batch = 0;
        plainTenth = 0;
        costSum = 0;
        samples = 0;
    }

    private void addInterval(long nanos, int n, boolean warmUp) {
        long ns = Math.max(1, nanos);
        if (warmUp) {
            warmNanos += ns;
            warmSamples += n;
            warmCount++;
            return;
        }
        if (windowCount == WINDOW) {
            windowNanoSum -= windowNanos[windowNext];
            windowSampleSum -= windowSamples[windowNext];
        } else {
            windowCount++;
        }
        windowNanos[windowNext] = ns;
        windowSamples[windowNext] = n;
        windowNanoSum += ns;
        windowSampleSum += n;
        windowNext = (windowNext + 1) % WINDOW;
    }

    private String eta() {
        Duration left = timeLeft();
        return "ETA " + (left == null ? "-" : ProgressPrinter.clock(left));
    }

    private String rate() {
        double rate = samplesPerSecond();
        return Double.isNaN(rate) ? "- samples/s" : String.format(Locale.ROOT, "%.0f samples/s", rate);
    }

    private String position() {
        int digits = String.valueOf(epochs).length();
        return String.format(Locale.ROOT, "epoch %" + digits + "d/%d", epoch, epochs);
    }

    private String count() {
        int digits = String.valueOf(batches).length();
        return String.format(Locale.ROOT, "%" + digits + "d/%d", batch, batches);
    }

    private String barLine(String tail) {
        int filled = (int) ((long) BAR_WIDTH * batch / batches);
        StringBuilder bar = new StringBuilder(BAR_WIDTH + 2).append('[');
        for (int i = 0; i < BAR_WIDTH; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        bar.append(']');
        return String.format(Locale.ROOT, "%s %s %s  cost %.6f  %s  %s", position(), bar, count(),
                costSum / samples, rate(), tail);
    }

    private String plainLine() {
        return String.format(Locale.ROOT, "%s  batch %s  cost %.6f  %s  %s", position(), count(), costSum / samples,
                rate(), eta());
    }

    /** A carriage return, the line, and spaces over what is left of a longer previous line. */
    private void redraw(String line) {
        StringBuilder sb = new StringBuilder(Math.max(line.length(), lineLength) + 1).append('\r').append(line);
        for (int i = line.length(); i < lineLength; i++) {
            sb.append(' ');
        }
        lineLength = line.length();
        write(sb);
    }

    private void write(CharSequence text) {
        try {
            out.append(text);
            if (out instanceof Flushable f) {
                f.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the progress bar: " + e.getMessage(), e);
        }
    }

    /** Whether {@code console} is an interactive terminal: non-null, and {@code isTerminal()} where that exists. */
    static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal"); // JDK 22+: a console may be a redirected stream
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a console exists only on a terminal
        }
    }
}
