package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.optim.Adam;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static final long MS = 1_000_000L;
    private static final String NL = System.lineSeparator();

    /** A clock the test moves by hand. */
    private static final class FakeClock {
        long now = 1_000 * MS;

        long tick(long nanos) {
            now += nanos;
            return now;
        }
    }

    private static BatchReport batch(int epoch, int b, int batches) {
        return new BatchReport(epoch, 3, b, batches, 0.25, 32);
    }

    private static EpochReport epochEnd(int epoch) {
        return new EpochReport(epoch, 3, 0.25, Double.NaN, 0.5, Double.NaN, AccuracyKind.CLASS, 1e-3,
                Duration.ofSeconds(epoch), Duration.ofSeconds(1), 320, Duration.ofSeconds(3 - epoch));
    }

    private static long count(CharSequence s, char c) {
        return s.chars().filter(x -> x == c).count();
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAtMostTenTimesASecond() {
        StringBuilder out = new StringBuilder();
        FakeClock clock = new FakeClock();
        ProgressBar bar = new ProgressBar(out, true, () -> clock.now);
        for (int b = 1; b <= 100; b++) {
            clock.tick(10 * MS); // 100 batches in one second
            bar.onBatchEnd(batch(1, b, 100));
        }
        // drawn at batch 1, then whenever 100 ms have passed since the last draw: batches 11, 21, ..., 91
        assertEquals(10, count(out, '\r'), out.toString());
        assertEquals(0, count(out, '\n'), "the line is redrawn in place, never ended during the epoch");
        assertTrue(out.toString().endsWith("\repoch 1/3 [===========================>  ]  91/100  cost 0.250000"
                + "  3200 samples/s  ETA 0:00"), out.toString());

        int before = out.length();
        clock.tick(50 * MS);
        bar.onEpochEnd(epochEnd(1));
        String end = out.substring(before);
        assertEquals("\repoch 1/3 [==============================] 100/100  cost 0.250000  3200 samples/s  in 0:01 " // over "ETA 0:00"
                + NL + ProgressPrinter.format(epochEnd(1)) + NL, end);
    }

    @Test
    void aShorterLineIsPaddedOverTheLongerOne() {
        StringBuilder out = new StringBuilder();
        FakeClock clock = new FakeClock();
        ProgressBar bar = new ProgressBar(out, true, () -> clock.now);
        bar.onBatchEnd(new BatchReport(1, 3, 1, 4, 123456.5, 32)); // a long cost
        int first = out.length() - 1;
        clock.tick(200 * MS);
        bar.onBatchEnd(new BatchReport(1, 3, 2, 4, -123456.5, 32)); // running mean 0: shorter
        String second = out.substring(first + 1);
        assertTrue(second.startsWith("\r") && second.length() - 1 >= first, second);
        assertTrue(second.contains("cost 0.000000"), second);
    }

    @Test
    void rateAndTimeLeftComeFromTheLastBatchesAfterTheWarmUp() {
        StringBuilder out = new StringBuilder();
        FakeClock clock = new FakeClock();
        ProgressBar bar = new ProgressBar(out, true, () -> clock.now);
        bar.onBatchEnd(batch(1, 1, 1000));
        assertTrue(Double.isNaN(bar.samplesPerSecond()));
        assertNull(bar.timeLeft());
        assertTrue(out.toString().endsWith("- samples/s  ETA -"), out.toString());
        for (int b = 2; b <= 100; b++) { // the first tenth of the first epoch: slow, the JIT's warm-up
            clock.tick(1000 * MS);
            bar.onBatchEnd(batch(1, b, 1000));
        }
        // only warm-up intervals so far: they are used, 32 samples per second
        assertEquals(32.0, bar.samplesPerSecond(), 1e-9);
        assertEquals(Duration.ofSeconds(900), bar.timeLeft());
        for (int b = 101; b <= 500; b++) {
            clock.tick(200 * MS);
            bar.onBatchEnd(batch(1, b, 1000));
        }
        // the window: the last 50 intervals of 0.2 s, 32 samples each; 500 batches left
        assertEquals(160.0, bar.samplesPerSecond(), 1e-9);
        assertEquals(Duration.ofSeconds(100), bar.timeLeft());
        String last = out.substring(out.lastIndexOf("\r"));
        assertTrue(last.startsWith("\repoch 1/3 [===============>              ]  500/1000  cost 0.250000"
                + "  160 samples/s  ETA 1:40"), last);
        for (int b = 501; b <= 530; b++) { // a faster stretch: 30 of the 50 intervals take 0.1 s
            clock.tick(100 * MS);
            bar.onBatchEnd(batch(1, b, 1000));
        }
        assertEquals(50 * 32 / (30 * 0.1 + 20 * 0.2), bar.samplesPerSecond(), 1e-9);
        assertEquals(Duration.ofMillis(470 * (30 * 100 + 20 * 200) / 50), bar.timeLeft());
    }

    @Test
    void validationIsNotCountedButTheStartOfTheNextEpochIs() {
        StringBuilder out = new StringBuilder();
        FakeClock clock = new FakeClock();
        ProgressBar bar = new ProgressBar(out, true, () -> clock.now);
        for (int b = 1; b <= 10; b++) {
            clock.tick(100 * MS);
            bar.onBatchEnd(batch(1, b, 10));
        }
        clock.tick(5000 * MS); // validation
        bar.onEpochEnd(epochEnd(1));
        for (int b = 1; b <= 5; b++) {
            clock.tick(100 * MS); // the first from the end of epoch 1
            bar.onBatchEnd(batch(2, b, 10));
        }
        // 9 intervals of epoch 1 (batch 1 had none) and 5 of epoch 2, all 0.1 s
        assertEquals(320.0, bar.samplesPerSecond(), 1e-9);
        assertEquals(Duration.ofMillis(500), bar.timeLeft());
        assertTrue(out.toString().contains("\repoch 2/3 [===============>              ]  5/10"), out.toString());
    }

    @Test
    void withoutATerminalItPrintsPlainLinesPerTenthOfALongEpochAndTheSummaries() {
        StringBuilder out = new StringBuilder();
        FakeClock clock = new FakeClock();
        ProgressBar bar = new ProgressBar(out, false, () -> clock.now);
        for (int b = 1; b <= 100; b++) {
            clock.tick(1000 * MS); // 100 s
            bar.onBatchEnd(batch(1, b, 100));
        }
        bar.onEpochEnd(epochEnd(1));
        for (int b = 1; b <= 100; b++) {
            clock.tick(10 * MS); // 1 s: no progress lines
            bar.onBatchEnd(batch(2, b, 100));
        }
        bar.onEpochEnd(epochEnd(2));
        assertEquals(0, count(out, '\r'));
        String[] lines = out.toString().split(NL);
        assertEquals(11, lines.length, out.toString());
        for (int i = 0; i < 9; i++) {
            int b = 10 * (i + 1);
            String expected = String.format(java.util.Locale.ROOT,
                    "epoch 1/3  batch %3d/100  cost 0.250000  32 samples/s  ETA %s", b,
                    ProgressPrinter.clock(Duration.ofSeconds(100 - b)));
            assertEquals(expected, lines[i]);
        }
        assertEquals(ProgressPrinter.format(epochEnd(1)), lines[9]);
        assertEquals(ProgressPrinter.format(epochEnd(2)), lines[10]);
    }

    @Test
    void plainLinesComeAtMostEveryFiveSeconds() {
        StringBuilder out = new StringBuilder();
        FakeClock clock = new FakeClock();
        ProgressBar bar = new ProgressBar(out, false, () -> clock.now);
        for (int b = 1; b <= 100; b++) {
            clock.tick(200 * MS); // a tenth every 2 s; batch 1 ends at 0.2 s: lines at 6 s, 12 s, 18 s
            bar.onBatchEnd(batch(1, b, 100));
        }
        String[] lines = out.toString().split(NL);
        assertEquals(3, lines.length, out.toString());
        assertTrue(lines[0].contains("batch  30/100") && lines[1].contains("batch  60/100")
                && lines[2].contains("batch  90/100"), Arrays.toString(lines));
    }

    @Test
    void theTrainerSendsBatchEventsToTheBarWithoutBeingAsked() {
        StringBuilder out = new StringBuilder();
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(2).withBatchSize(32);
        assertFalse(cfg.batchEvents());
        TrainingResult r = new Trainer(TrainerTest.classifier(1), Losses.softmaxCrossEntropy(), Adam.defaults(), cfg)
                .addListener(new ProgressBar(out, true)).fit(TrainerTest.blobs(1, 400));
        String s = out.toString();
        assertTrue(s.contains("\repoch 1/2 [") && s.contains("] 13/13  cost "), s);
        assertTrue(s.endsWith(NL + ProgressPrinter.format(r.last()) + NL), s);
        assertEquals(4, s.split(NL).length, s);
        assertFalse(ProgressBar.isTerminal(null));
    }
}
