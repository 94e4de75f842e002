package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.optim.LearningRateSchedule;
import io.github.matrixbackprop.optim.Sgd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingHistoryTest {

    @Test
    void theCsvReadsBackToTheReportsExactly(@TempDir Path dir) throws IOException {
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(5).withBatchSize(32).withValidationFraction(0.25)
                .withSchedule(LearningRateSchedule.step(2, 0.5));
        TrainingResult r = new Trainer(TrainerTest.classifier(2), Losses.softmaxCrossEntropy(), Adam.of(0.01), cfg)
                .fit(TrainerTest.blobs(3, 200));
        TrainingHistory h = r.toHistory();
        assertEquals(AccuracyKind.CLASS, r.accuracyKind());
        assertEquals("acc", h.metricName());
        assertTrue(h.hasValidation());
        Path file = dir.resolve("history.csv");
        h.writeCsv(file);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("epoch,train_cost,train_metric,validation_cost,validation_metric,learning_rate,seconds,metric",
                lines.get(0));
        assertEquals(6, lines.size());
        for (int e = 1; e <= 5; e++) {
            String[] cells = lines.get(e).split(",", -1);
            EpochReport report = r.history().get(e - 1);
            assertEquals(8, cells.length, lines.get(e));
            assertEquals(e, Integer.parseInt(cells[0]));
            assertEquals(report.trainCost(), Double.parseDouble(cells[1]), 0.0);
            assertEquals(report.trainAccuracy(), Double.parseDouble(cells[2]), 0.0);
            assertEquals(report.validationCost(), Double.parseDouble(cells[3]), 0.0);
            assertEquals(report.validationAccuracy(), Double.parseDouble(cells[4]), 0.0);
            assertEquals(report.learningRate(), Double.parseDouble(cells[5]), 0.0);
            assertEquals(report.epochTime().toNanos() / 1e9, Double.parseDouble(cells[6]), 0.0);
            assertEquals("acc", cells[7]);
        }
        // the schedule halves the rate every 2 epochs from Adam's 0.01
        assertEquals("0.0025", lines.get(5).split(",")[5]);
    }

    @Test
    void regressionHasEmptyCellsWhereThereIsNoValue() {
        Network net = Network.builder(4).dense(3, Activations.identity()).seed(1).build();
        Dataset d = new Dataset(TestNets.inputs(1, 40, 4), TestNets.inputs(2, 40, 3));
        TrainingResult r = new Trainer(net, Losses.mse(), Sgd.of(0.01), TrainerConfig.defaults().withEpochs(2)).fit(d);
        TrainingHistory h = r.toHistory();
        assertEquals(null, h.metricName());
        assertFalse(h.hasValidation());
        String[] lines = h.toCsv().split("\n", -1);
        assertEquals(4, lines.length); // header, 2 epochs, and the empty rest after the last \n
        assertEquals("", lines[3]);
        String[] cells = lines[1].split(",", -1);
        assertEquals(List.of("1", String.valueOf(r.history().get(0).trainCost()), "", "", "", "0.01"),
                List.of(cells).subList(0, 6));
        assertEquals("", cells[7]);
    }

    @Test
    void theRecorderKeepsTheEpochsBeforeTrainingDiverged() {
        Network net = TrainerTest.classifier(4);
        HistoryRecorder recorder = new HistoryRecorder();
        Trainer trainer = new Trainer(net, Losses.softmaxCrossEntropy(), Sgd.of(0.1),
                TrainerConfig.defaults().withEpochs(5))
                .addListener(recorder)
                .addListener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport r) {
                        if (r.epoch() == 2) {
                            net.layer(2).weights().data[0] = Double.NaN; // the next cost is NaN
                        }
                    }
                });
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer.fit(TrainerTest.blobs(1, 64)));
        assertEquals(3, e.epoch());
        TrainingHistory h = recorder.history();
        assertEquals(2, h.epochs().size());
        assertEquals(AccuracyKind.CLASS, h.accuracyKind());
        assertEquals(2, h.epochs().get(1).epoch());
    }

    @Test
    void everyReportMustCarryTheHistorysAccuracy() {
        EpochReport hamming = new EpochReport(3, 5, 0.5, Double.NaN, 0.9, Double.NaN, AccuracyKind.HAMMING, 0.1,
                Duration.ZERO, Duration.ZERO, 1, Duration.ZERO);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingHistory(List.of(hamming), AccuracyKind.CLASS));
        assertEquals("epoch 3 reports the accuracy 'hamming acc' but the history holds the accuracy 'acc'",
                e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new TrainingHistory(List.of(hamming), null));
        assertEquals("epoch 3 reports the accuracy 'hamming acc' but the history holds no accuracy (regression)",
                none.getMessage());
        assertEquals("hamming acc", hamming.metricName());
        assertEquals(0, new HistoryRecorder().history().epochs().size());
    }

    @Test
    void aFileThatCannotBeWrittenIsNamed(@TempDir Path dir) {
        TrainingHistory h = new TrainingHistory(List.of(), null);
        Path file = dir.resolve("missing").resolve("h.csv");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> h.writeCsv(file));
        assertTrue(e.getMessage().contains("h.csv"), e.getMessage());
        assertEquals(TrainingHistory.CSV_HEADER + "\n", h.toCsv());
    }
}
