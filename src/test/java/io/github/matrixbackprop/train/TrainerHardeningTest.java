package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adagrad;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.optim.AdamW;
import io.github.matrixbackprop.optim.Optimizer;
import io.github.matrixbackprop.optim.OptimizerState;
import io.github.matrixbackprop.optim.RmsProp;
import io.github.matrixbackprop.optim.Sgd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** A failed fit changes nothing; a rolled-back step restores the optimizer; accuracy follows the task. */
class TrainerHardeningTest {

    private static Network binary(long seed) {
        return Network.builder(3).dense(5, Activations.tanh()).dense(1, Activations.sigmoid()).seed(seed).build();
    }

    private static Dataset binaryData(int m, int badRow, double badValue) {
        DMatrixRMaj x = TestNets.inputs(3, m, 3);
        DMatrixRMaj y = new DMatrixRMaj(m, 1);
        for (int i = 0; i < m; i++) {
            y.set(i, 0, x.get(i, 0) > 0 ? 1 : 0);
        }
        if (badRow >= 0) {
            y.set(badRow, 0, badValue);
        }
        return new Dataset(x, y);
    }

    private static void assertSameParameters(Network expected, Network actual) {
        for (int l = 1; l <= expected.depth(); l++) {
            assertArrayEquals(expected.layer(l).weights().data, actual.layer(l).weights().data, 0.0, "W^" + l);
            assertArrayEquals(expected.layer(l).bias().data, actual.layer(l).bias().data, 0.0, "b^" + l);
        }
    }

    private static void assertSameState(OptimizerState expected, OptimizerState actual) {
        assertEquals(expected.step(), actual.step(), "step count");
        assertEquals(expected.learningRate(), actual.learningRate(), 0.0, "learning rate");
        for (int s = 0; s < expected.buffers().size(); s++) {
            for (int p = 0; p < expected.buffers().get(s).size(); p++) {
                assertArrayEquals(expected.buffers().get(s).get(p), actual.buffers().get(s).get(p), 0.0,
                        "slot " + expected.slots().get(s) + ", tensor " + p);
            }
        }
    }

    @Test
    void aBadTargetAnywhereFailsBeforeTheFirstStepNamingTheDatasetRow() {
        Network net = binary(1);
        Network before = net.copy();
        Optimizer sgd = Sgd.of(0.1).withMomentum(0.9).create(net);
        OptimizerState stateBefore = sgd.state();
        Trainer trainer = new Trainer(net, Losses.binaryCrossEntropy(), sgd,
                TrainerConfig.defaults().withBatchSize(4).withEpochs(2).withShuffle(false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.fit(binaryData(12, 9, -1.0)));
        assertEquals("training data (sample i is row i of the dataset): binary_cross_entropy: target of sample 9,"
                + " unit 0 is -1.0 but must be in [0, 1]", e.getMessage());
        assertSameParameters(before, net);
        assertSameState(stateBefore, sgd.state());

        e = assertThrows(IllegalArgumentException.class,
                () -> trainer.fit(binaryData(12, -1, 0), binaryData(6, 4, 2.0)));
        assertTrue(e.getMessage().startsWith("validation data (sample i is row i of the dataset): "
                + "binary_cross_entropy: target of sample 4"), e.getMessage());
        assertSameParameters(before, net);
        assertSameState(stateBefore, sgd.state());
    }

    @Test
    void dataChangedAfterTheDatasetWasMadeIsCheckedToo() {
        Dataset d = binaryData(8, -1, 0);
        d.features().set(5, 2, Double.NaN);
        Network net = binary(1);
        Network before = net.copy();
        Trainer trainer = new Trainer(net, Losses.binaryCrossEntropy(), Sgd.of(0.1), TrainerConfig.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(d));
        assertEquals("training data features has the non-finite value NaN at row 5, column 2", e.getMessage());
        assertSameParameters(before, net);
    }

    /** One input, identity output, MSE: x = 1e150 in sample 1 makes a gradient of about 1e300. */
    private static Dataset explodingSecondSample() {
        return Dataset.of(new double[][] {{0.5}, {1e150}, {0.25}}, new double[][] {{1}, {0}, {0}});
    }

    private static Network line() {
        return Network.of(Layer.of(new double[][] {{0.5}}, new double[] {0.1}, Activations.identity()));
    }

    @Test
    void aRolledBackStepRestoresTheOptimizerToItsStateAfterTheLastFiniteStep() {
        for (var spec : List.of(Sgd.of(1e10).withMomentum(0.9), Adam.of(1e10).withWeightDecay(0.1),
                AdamW.of(1e10), RmsProp.of(1e10).withMomentum(0.5), Adagrad.of(1e10))) {
            TrainerConfig cfg = TrainerConfig.defaults().withBatchSize(1).withEpochs(1).withShuffle(false);
            // the reference: the same optimizer after exactly the first (finite) step
            Network reference = line();
            Optimizer refOpt = spec.create(reference);
            new Trainer(reference, Losses.mse(), refOpt, cfg)
                    .fit(Dataset.of(new double[][] {{0.5}}, new double[][] {{1}}));

            Network net = line();
            Optimizer opt = spec.create(net);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> new Trainer(net, Losses.mse(), opt, cfg).fit(explodingSecondSample()), spec.toString());
            assertEquals(2, e.batch(), e.getMessage());
            assertSameParameters(reference, net);
            assertSameState(refOpt.state(), opt.state());
            assertEquals(1, opt.stepCount(), spec.toString());
        }
    }

    @Test
    void accuracyFollowsTheTaskAndTheProgressLineSaysWhich() {
        // 3 sigmoid units, each target a threshold of one feature: a multi-label problem
        int m = 60;
        DMatrixRMaj x = TestNets.inputs(9, m, 3);
        DMatrixRMaj y = new DMatrixRMaj(m, 3);
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < 3; k++) {
                y.set(i, k, x.get(i, k) > 0 ? 1 : 0);
            }
        }
        Network net = Network.builder(3).dense(8, Activations.tanh()).dense(3, Activations.sigmoid()).seed(2).build();
        List<EpochReport> reports = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Trainer(net, Losses.binaryCrossEntropy(), Adam.of(0.05), TrainerConfig.defaults().withEpochs(40))
                .addListener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport r) {
                        reports.add(r);
                    }
                })
                .addListener(new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .fit(new Dataset(x, y));
        EpochReport last = reports.get(reports.size() - 1);
        assertEquals(AccuracyKind.HAMMING, last.accuracyKind());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("  hamming acc "));
        DMatrixRMaj p = net.predict(x);
        double hamming = Metrics.hammingAccuracy(p, y);
        assertTrue(hamming > 0.9, "hamming " + hamming);
        assertTrue(Metrics.subsetAccuracy(p, y) <= hamming);
        assertEquals(hamming, Metrics.accuracy(p, y, AccuracyKind.HAMMING), 0.0);

        assertEquals(AccuracyKind.CLASS, AccuracyKind.forLoss(Losses.softmaxCrossEntropy(), 3));
        assertEquals(AccuracyKind.BINARY, AccuracyKind.forLoss(Losses.binaryCrossEntropy(), 1));
        assertNull(AccuracyKind.forLoss(Losses.mse(), 3));
        assertEquals("loss must not be null",
                assertThrows(NullPointerException.class, () -> AccuracyKind.forLoss(null, 3)).getMessage());
        assertEquals("outputs n_L must be > 0 but was 0", assertThrows(IllegalArgumentException.class,
                () -> AccuracyKind.forLoss(Losses.mse(), 0)).getMessage());
    }

    @Test
    void oneSigmoidUnitReportsBinaryAccuracyByNameAndHasAnAuc() {
        // one sigmoid unit, the target whether the first two features sum above 0
        int m = 80;
        DMatrixRMaj x = TestNets.inputs(11, m, 2);
        DMatrixRMaj y = new DMatrixRMaj(m, 1);
        for (int i = 0; i < m; i++) {
            y.set(i, 0, x.get(i, 0) + x.get(i, 1) > 0 ? 1 : 0);
        }
        Network net = Network.builder(2).dense(6, Activations.tanh()).dense(1, Activations.sigmoid()).seed(3).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainingResult r = new Trainer(net, Losses.binaryCrossEntropy(), Adam.of(0.05),
                TrainerConfig.defaults().withEpochs(30).withValidationFraction(0.25))
                .addListener(new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .fit(new Dataset(x, y));
        assertEquals(AccuracyKind.BINARY, r.accuracyKind());
        assertEquals("binary acc", r.metricName());
        assertEquals("binary acc", r.last().metricName());
        String lines = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("  binary acc ") && lines.contains("  val binary acc "), lines);
        DMatrixRMaj p = net.predict(x);
        assertEquals(Metrics.accuracy(p, y), Metrics.accuracy(p, y, AccuracyKind.BINARY), 0.0);
        assertTrue(Metrics.accuracy(p, y) > 0.9, "accuracy " + Metrics.accuracy(p, y));
        assertTrue(Metrics.rocAuc(p, y) > 0.95, "ROC AUC " + Metrics.rocAuc(p, y));
        assertNull(new TrainingResult(List.of(), 0, false, null).metricName());
    }

    @Test
    void hammingAndSubsetAccuracyCountUnitsAndRows() {
        DMatrixRMaj p = new DMatrixRMaj(new double[][] {{0.9, 0.2, 0.7}, {0.1, 0.6, 0.4}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1, 0, 1}, {0, 0, 0}});
        assertEquals(5.0 / 6, Metrics.hammingAccuracy(p, y), 1e-15);
        assertEquals(0.5, Metrics.subsetAccuracy(p, y), 0.0);
        // arg max reads the same rows as single-label classes: {0, 1} against {0, 0}
        assertEquals(0.5, Metrics.accuracy(p, y), 0.0);
    }

    @Test
    void theThreadSettingGivesBitIdenticalResultsAndIsValidated() {
        Dataset d = TrainerTest.blobs(4, 300);
        Network one = TrainerTest.classifier(5);
        Network two = TrainerTest.classifier(5);
        Network all = TrainerTest.classifier(5);
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(3).withBatchSize(64);
        new Trainer(one, Losses.softmaxCrossEntropy(), Adam.defaults(), cfg.withThreads(1)).fit(d);
        new Trainer(two, Losses.softmaxCrossEntropy(), Adam.defaults(), cfg.withThreads(2)).fit(d);
        new Trainer(all, Losses.softmaxCrossEntropy(), Adam.defaults(), cfg).fit(d);
        assertSameParameters(one, two);
        assertSameParameters(one, all);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cfg.withThreads(-1));
        assertEquals("threads must be in [0, 512] (0: as many as there are processors) but was -1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cfg.withThreads(100_000));
    }

    @Test
    void throughputLeavesOutTheFirstHalfOfTheBatchesWhereTheJitWarmsUp() {
        Dataset d = TrainerTest.blobs(6, 40);
        List<EpochReport> reports = new ArrayList<>();
        new Trainer(TrainerTest.classifier(1), Losses.softmaxCrossEntropy(), Sgd.of(0.1),
                TrainerConfig.defaults().withEpochs(3).withBatchSize(10).withBatchEvents(true))
                .addListener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(BatchReport r) {
                        if (r.epoch() == 1 && r.batch() == 1) {
                            sleep(300); // a slow start, as the JIT's warm-up is
                        }
                    }

                    @Override
                    public void onEpochEnd(EpochReport r) {
                        reports.add(r);
                    }
                })
                .fit(d);
        EpochReport first = reports.get(0);
        // with the slow batch counted the rate would be below 40 / 0.3 s = 133 samples/s
        assertTrue(first.samplesPerSecond() > 1000, first.toString());
        assertTrue(first.timeLeft().toMillis() < 250, first.toString());
        assertTrue(first.epochTime().toMillis() >= 300, first.toString());
        assertEquals(0, reports.get(2).timeLeft().toNanos());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void everyOptimizerHasDefaultsAndOf() {
        assertEquals(1e-3, Sgd.defaults().lr(), 0.0);
        assertEquals(0.25, Sgd.of(0.25).lr(), 0.0);
        assertEquals(0.25, Adam.of(0.25).lr(), 0.0);
        assertEquals(Adam.defaults().withLr(0.25), Adam.of(0.25));
        assertEquals(AdamW.defaults().withLr(0.25), AdamW.of(0.25));
        assertEquals(RmsProp.defaults().withLr(0.25), RmsProp.of(0.25));
        assertEquals(Adagrad.defaults().withLr(0.25), Adagrad.of(0.25));
    }
}
