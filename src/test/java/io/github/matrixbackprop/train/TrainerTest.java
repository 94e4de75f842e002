package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.activation.ElementwiseActivation;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adagrad;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.optim.ClipByGlobalNorm;
import io.github.matrixbackprop.optim.LearningRateSchedule;
import io.github.matrixbackprop.optim.OptimizerSpec;
import io.github.matrixbackprop.optim.ReduceOnPlateau;
import io.github.matrixbackprop.optim.RmsProp;
import io.github.matrixbackprop.optim.Sgd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TrainerTest {

    /** A 3-class problem: the class is the arg max of the first three features plus noise. */
    static Dataset blobs(long seed, int m) {
        DMatrixRMaj x = TestNets.inputs(seed, m, 4);
        DMatrixRMaj y = new DMatrixRMaj(m, 3);
        for (int i = 0; i < m; i++) {
            int c = 0;
            for (int k = 1; k < 3; k++) {
                if (x.get(i, k) > x.get(i, c)) {
                    c = k;
                }
            }
            y.set(i, c, 1.0);
        }
        return new Dataset(x, y);
    }

    static Network classifier(long seed) {
        return Network.builder(4).dense(12, Activations.relu()).dense(3, Activations.softmax()).seed(seed).build();
    }

    static Stream<OptimizerSpec> optimizers() {
        return Stream.of(Sgd.of(0.1).withMomentum(0.9), Adam.defaults().withLr(0.01), RmsProp.defaults(),
                Adagrad.defaults().withLr(0.1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void sameSeedGivesBitIdenticalParameters(OptimizerSpec spec) {
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(4).withBatchSize(16).withSeed(9)
                .withValidationFraction(0.2);
        Network a = classifier(1);
        Network b = classifier(1);
        new Trainer(a, Losses.softmaxCrossEntropy(), spec, cfg).fit(blobs(2, 200));
        new Trainer(b, Losses.softmaxCrossEntropy(), spec, cfg).fit(blobs(2, 200));
        assertIdentical(a, b);
        Network c = classifier(1);
        new Trainer(c, Losses.softmaxCrossEntropy(), spec, cfg.withSeed(10)).fit(blobs(2, 200));
        assertFalse(MatrixFeatures_DDRM.isIdentical(a.layer(1).weights(), c.layer(1).weights(), 0),
                "another shuffling seed must change the result");
    }

    @Test
    void learnsAClassificationProblemAndReportsEveryEpoch() {
        Network net = classifier(3);
        List<EpochReport> seen = new ArrayList<>();
        List<BatchReport> batches = new ArrayList<>();
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(30).withBatchSize(32).withBatchEvents(true);
        TrainingResult r = new Trainer(net, Losses.softmaxCrossEntropy(), Adam.defaults().withLr(0.01), cfg)
                .addListener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport report) {
                        seen.add(report);
                    }

                    @Override
                    public void onBatchEnd(BatchReport report) {
                        batches.add(report);
                    }
                })
                .fit(blobs(4, 400), blobs(5, 200));
        assertEquals(30, seen.size());
        assertEquals(30 * 13, batches.size());
        assertEquals(16, batches.get(12).samples()); // 400 = 12 * 32 + 16
        assertEquals(r.history(), seen);
        EpochReport last = r.last();
        assertTrue(last.validationAccuracy() > 0.9, "validation accuracy " + last.validationAccuracy());
        assertTrue(last.trainCost() < seen.get(0).trainCost());
        assertEquals(Metrics.accuracy(net.predict(blobs(5, 200).features()), blobs(5, 200).targets()),
                last.validationAccuracy(), 1e-12);
        assertTrue(last.samplesPerSecond() > 0 && last.elapsed().toNanos() > 0);
    }

    @Test
    void scheduleSetsTheRatePerEpoch() {
        List<Double> rates = new ArrayList<>();
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(6).withSchedule(
                LearningRateSchedule.warmup(2, 0.5, LearningRateSchedule.step(2, 0.1)));
        new Trainer(classifier(1), Losses.softmaxCrossEntropy(), Sgd.of(0.2), cfg)
                .addListener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport r) {
                        rates.add(r.learningRate());
                    }
                }).fit(blobs(1, 64));
        double[] expected = {0.1, 0.15, 0.2, 0.2, 0.02, 0.02};
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], rates.get(e), 1e-15, "epoch " + e);
        }
    }

    @Test
    void plateauReducesTheRateWhenTheCostStalls() {
        List<Double> rates = new ArrayList<>();
        // lr 0 never changes the parameters, so the cost is flat from the first epoch on
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(6)
                .withPlateau(ReduceOnPlateau.defaults().withPatience(1).withFactor(0.5));
        new Trainer(classifier(1), Losses.softmaxCrossEntropy(), Sgd.of(0.0), cfg)
                .addListener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport r) {
                        rates.add(r.learningRate());
                    }
                }).fit(blobs(1, 64));
        assertEquals(List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0), rates);
        List<Double> scaled = new ArrayList<>();
        TrainerConfig slow = TrainerConfig.defaults().withEpochs(6).withShuffle(false).withBatchSize(64)
                .withPlateau(ReduceOnPlateau.defaults().withPatience(1).withFactor(0.5));
        new Trainer(classifier(1), Losses.softmaxCrossEntropy(), Sgd.of(1e-300), slow)
                .addListener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport r) {
                        scaled.add(r.learningRate() / 1e-300);
                    }
                }).fit(blobs(1, 64));
        // epoch 1 sets the best; epochs 2, 3 are bad: reduce after epoch 3; epochs 4, 5 bad: reduce after 5
        assertEquals(List.of(1.0, 1.0, 1.0, 0.5, 0.5, 0.25), scaled);
    }

    @Test
    void earlyStoppingRestoresTheBestEpochExactly() {
        Network net = classifier(6);
        List<Network> snapshots = new ArrayList<>();
        // a large learning rate makes the validation cost bounce, so the best epoch is not the last
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(40).withBatchSize(8)
                .withEarlyStopping(new EarlyStopping(3, 0.0));
        TrainingResult r = new Trainer(net, Losses.softmaxCrossEntropy(), Sgd.of(0.8).withMomentum(0.9), cfg)
                .addListener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport report) {
                        snapshots.add(net.copy());
                    }
                }).fit(blobs(7, 120), blobs(8, 60));
        int best = r.bestEpoch();
        double bestCost = r.history().get(best - 1).validationCost();
        for (EpochReport e : r.history()) {
            assertTrue(e.validationCost() >= bestCost);
        }
        assertIdentical(snapshots.get(best - 1), net);
        if (r.stoppedEarly()) {
            assertEquals(best + 3, r.history().size());
        }
        assertTrue(best < r.history().size(), "this run should have epochs after the best one");
    }

    /** f(z) = z with a derivative that is NaN: the first gradient of layer 1 is NaN. */
    record NanDerivative() implements ElementwiseActivation {
        @Override public String name() { return "nan_derivative"; }
        @Override public double value(double z) { return z; }
        @Override public double derivative(double z, double a) { return Double.NaN; }
    }

    @Test
    void aNonFiniteGradientStopsTrainingNamingTheLayerAndKeepsTheParameters() {
        Network net = Network.builder(4).dense(5, new NanDerivative()).dense(3, Activations.softmax()).seed(1).build();
        Network before = net.copy();
        Trainer trainer = new Trainer(net, Losses.softmaxCrossEntropy(), Adam.defaults(), TrainerConfig.defaults());
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(blobs(1, 64)));
        assertEquals(1, e.epoch());
        assertEquals(1, e.batch());
        assertTrue(e.getMessage().contains("dC/dW^1 of layer 1"), e.getMessage());
        assertIdentical(before, net);
    }

    @Test
    void aStepThatOverflowsIsUndoneAndReported() {
        Network net = Network.builder(4).dense(3, Activations.identity()).seed(2).build();
        Network before = net.copy();
        // targets of size 1e3 give gradients far above 1, so lr 1e308 overflows W^1 in the first step
        DMatrixRMaj y = TestNets.inputs(4, 64, 3);
        org.ejml.dense.row.CommonOps_DDRM.scale(1e3, y);
        Trainer trainer = new Trainer(net, Losses.mse(), Sgd.of(1e308), TrainerConfig.defaults().withBatchSize(8));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer.fit(new Dataset(TestNets.inputs(3, 64, 4), y)));
        assertEquals("training diverged in epoch 1, batch 1: the step made W^1 of layer 1 non-finite; the"
                + " parameters were restored to the last finite state", e.getMessage());
        assertIdentical(before, net);
    }

    @Test
    void clippingIsAppliedThroughTheConfig() {
        Network a = classifier(1);
        Network b = classifier(1);
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(2);
        new Trainer(a, Losses.softmaxCrossEntropy(), Sgd.of(0.5), cfg.withTransforms(new ClipByGlobalNorm(1e-3)))
                .fit(blobs(1, 64));
        new Trainer(b, Losses.softmaxCrossEntropy(), Sgd.of(0.5), cfg).fit(blobs(1, 64));
        // with every step clipped to norm 1e-3 and lr 0.5, 4 steps move the parameters by at most 2e-3
        Network start = classifier(1);
        double moved = 0;
        for (int i = 0; i < start.layer(1).weights().getNumElements(); i++) {
            moved = Math.max(moved, Math.abs(start.layer(1).weights().data[i] - a.layer(1).weights().data[i]));
        }
        assertTrue(moved <= 2e-3 + 1e-15, "moved " + moved);
        assertFalse(MatrixFeatures_DDRM.isIdentical(a.layer(1).weights(), b.layer(1).weights(), 1e-6));
    }

    @Test
    void dataOfTheWrongWidthIsRejected() {
        Trainer trainer = new Trainer(classifier(1), Losses.softmaxCrossEntropy(), Sgd.of(0.1),
                TrainerConfig.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(
                new Dataset(new DMatrixRMaj(5, 3), new DMatrixRMaj(5, 3))));
        assertTrue(e.getMessage().contains("3 features") && e.getMessage().contains("4 inputs"), e.getMessage());
    }

    @Test
    void configurationIsValidatedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainerConfig.defaults().withBatchSize(0));
        assertTrue(e.getMessage().contains("batch size") && e.getMessage().contains("0"), e.getMessage());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> TrainerConfig.defaults().withValidationFraction(1.0));
        assertTrue(v.getMessage().contains("1.0"), v.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0, 0));
    }

    @Test
    void progressPrinterPrintsOneLinePerEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new Trainer(classifier(1), Losses.softmaxCrossEntropy(), Adam.defaults(),
                TrainerConfig.defaults().withEpochs(3).withValidationFraction(0.25))
                .addListener(new ProgressPrinter(out)).fit(blobs(1, 80));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(3, lines.length);
        assertTrue(lines[2].startsWith("epoch 3/3  cost ") && lines[2].contains("val acc")
                && lines[2].contains("samples/s") && lines[2].contains("left 0:00"), lines[2]);
    }

    static void assertIdentical(Network a, Network b) {
        for (int l = 1; l <= a.depth(); l++) {
            assertTrue(MatrixFeatures_DDRM.isIdentical(a.layer(l).weights(), b.layer(l).weights(), 0), "W" + l);
            assertTrue(MatrixFeatures_DDRM.isIdentical(a.layer(l).bias(), b.layer(l).bias(), 0), "b" + l);
        }
    }
}
