package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.DropoutMasks;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.data.BatchSource;
import io.github.matrixbackprop.data.CsvBatchSource;
import io.github.matrixbackprop.data.CsvOptions;
import io.github.matrixbackprop.data.CsvReader;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.LbfgsSpec;
import io.github.matrixbackprop.optim.Optimizer;
import io.github.matrixbackprop.optim.OptimizerSpec;
import io.github.matrixbackprop.optim.Sgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on a {@link BatchSource}: in memory as before, streamed from files, and failures that change nothing. */
class TrainerSourceTest {

    @TempDir
    Path dir;

    private static final OptimizerSpec SGD = Sgd.of(0.05).withMomentum(0.9);

    @Test
    void theInMemorySourceTrainsLikeAnIndependentLoopBitForBit() throws IOException {
        Dataset d = TrainerTest.blobs(4, 150);
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(3).withBatchSize(16).withSeed(21).withThreads(1);
        Network viaSource = TrainerTest.classifier(5);
        new Trainer(viaSource, Losses.softmaxCrossEntropy(), SGD, cfg).fit(BatchSource.of(d));
        Network viaDataset = TrainerTest.classifier(5);
        new Trainer(viaDataset, Losses.softmaxCrossEntropy(), SGD, cfg).fit(d);
        TrainerTest.assertIdentical(viaSource, viaDataset);

        // the reference: a Fisher-Yates shuffle per epoch from one generator, then a step per batch
        Network ref = TrainerTest.classifier(5);
        Backprop engine = new Backprop(ref, Losses.softmaxCrossEntropy(), 1);
        Optimizer opt = SGD.create(ref);
        SplittableRandom random = new SplittableRandom(21);
        int[] order = new int[150];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        DMatrixRMaj x = new DMatrixRMaj(1, 1);
        DMatrixRMaj y = new DMatrixRMaj(1, 1);
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < order.length; from += 16) {
                d.gather(order, from, Math.min(order.length, from + 16), x, y);
                engine.compute(x, y);
                opt.step(engine.gradients());
            }
        }
        TrainerTest.assertIdentical(viaSource, ref);
    }

    private Path csv(String name, int rows, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("a,b,c,d,kind\n");
        for (int i = 0; i < rows; i++) {
            double[] v = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            int k = v[0] > v[1] ? (v[0] > v[2] ? 0 : 2) : (v[1] > v[2] ? 1 : 2);
            for (double value : v) {
                sb.append(String.format(Locale.ROOT, "%.6f,", value));
            }
            sb.append(new String[] {"red", "green", "blue"}[k]).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    @Test
    void aStreamedCsvFileTrainsLikeItsRowsInMemory() throws IOException {
        Path train = csv("train.csv", 300, 1);
        Path val = csv("val.csv", 80, 2);
        CsvOptions o = CsvOptions.defaults();
        Dataset trainRows = CsvReader.read(train, o).dataset();
        Dataset valRows = CsvReader.read(val, o.withClasses(CsvReader.read(train, o).classNames())).dataset();
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(4).withBatchSize(32).withShuffle(false)
                .withEarlyStopping(new EarlyStopping(2, 0.0)).withThreads(1);
        Network inMemory = TrainerTest.classifier(8);
        TrainingResult expected = new Trainer(inMemory, Losses.softmaxCrossEntropy(), SGD, cfg).fit(trainRows, valRows);
        CsvBatchSource source = CsvBatchSource.open(train, o, 64);
        CsvBatchSource valSource = CsvBatchSource.open(val, o.withClasses(source.classNames()), 64);
        Network streamed = TrainerTest.classifier(8);
        TrainingResult actual = new Trainer(streamed, Losses.softmaxCrossEntropy(), SGD, cfg).fit(source, valSource);
        TrainerTest.assertIdentical(inMemory, streamed);
        assertEquals(expected.history().size(), actual.history().size());
        for (int e = 0; e < expected.history().size(); e++) {
            assertEquals(expected.history().get(e).trainCost(), actual.history().get(e).trainCost(), 0.0);
            assertEquals(expected.history().get(e).validationCost(), actual.history().get(e).validationCost(), 0.0);
            assertEquals(expected.history().get(e).validationAccuracy(), actual.history().get(e).validationAccuracy(),
                    0.0);
        }
        // shuffled within the buffer, the run is reproducible and learns
        Network a = TrainerTest.classifier(8);
        Network b = TrainerTest.classifier(8);
        TrainerConfig shuffled = cfg.withShuffle(true).withEarlyStopping(null).withEpochs(6);
        TrainingResult ra = new Trainer(a, Losses.softmaxCrossEntropy(), SGD, shuffled).fit(source, valSource);
        new Trainer(b, Losses.softmaxCrossEntropy(), SGD, shuffled).fit(source, valSource);
        TrainerTest.assertIdentical(a, b);
        assertTrue(ra.last().validationAccuracy() > 0.8, "validation accuracy " + ra.last().validationAccuracy());
    }

    @Test
    void aTargetTheLossRefusesNamesItsLineAndChangesNothing() throws IOException {
        StringBuilder sb = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 60; i++) {
            sb.append(i * 0.1).append(',').append(-i * 0.2).append(',').append(i == 45 ? "2" : i % 2).append('\n');
        }
        Path file = Files.writeString(dir.resolve("bce.csv"), sb.toString());
        CsvBatchSource source = CsvBatchSource.open(file, CsvOptions.defaults().withTask(CsvOptions.Task.REGRESSION), 8);
        Network net = Network.builder(2).dense(4, Activations.tanh()).dense(1, Activations.sigmoid()).seed(3).build();
        Network before = net.copy();
        Trainer trainer = new Trainer(net, Losses.binaryCrossEntropy(), SGD,
                TrainerConfig.defaults().withEpochs(2).withBatchSize(10).withShuffle(false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(source));
        assertTrue(e.getMessage().startsWith("training data, bce.csv line 47 (checked alone, as sample 0): "),
                e.getMessage());
        assertTrue(e.getMessage().contains("is 2.0 but must be in [0, 1]"), e.getMessage());
        TrainerTest.assertIdentical(before, net);
        assertEquals(0, trainer.optimizer().stepCount(), "the optimizer is back to its state before fit");
    }

    @Test
    void sourcesMustFitTheNetworkAndCannotBeSplit() throws IOException {
        Path file = csv("w.csv", 20, 3);
        CsvBatchSource source = CsvBatchSource.open(file, CsvOptions.defaults(), 8);
        Network wide = Network.builder(5).dense(3, Activations.softmax()).seed(1).build();
        IllegalArgumentException widths = assertThrows(IllegalArgumentException.class, () -> new Trainer(wide,
                Losses.softmaxCrossEntropy(), SGD, TrainerConfig.defaults()).fit(source));
        assertEquals("training data has 4 features and targets of width 3 but the network maps 5 inputs to 3 outputs",
                widths.getMessage());
        IllegalArgumentException split = assertThrows(IllegalArgumentException.class, () -> new Trainer(
                TrainerTest.classifier(1), Losses.softmaxCrossEntropy(), SGD,
                TrainerConfig.defaults().withValidationFraction(0.2)).fit(source));
        assertTrue(split.getMessage().startsWith("a validation fraction of 0.2 needs the rows in memory"),
                split.getMessage());
    }

    @Test
    void theInMemorySourceCarriesSampleWeightsAndDrawsMasksPerStepLikeAnIndependentLoop() throws IOException {
        Dataset plain = TrainerTest.blobs(6, 90);
        double[] w = new double[90];
        SplittableRandom wr = new SplittableRandom(4);
        for (int i = 0; i < w.length; i++) {
            w[i] = i % 7 == 0 ? 0.0 : 0.25 + 2 * wr.nextDouble();
        }
        Dataset d = plain.withSampleWeights(w);
        Dataset val = TrainerTest.blobs(7, 30).withSampleWeights(weights(30));
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(3).withBatchSize(16).withSeed(13).withThreads(1);
        Network viaSource = dropoutClassifier(2);
        TrainingResult source = new Trainer(viaSource, Losses.softmaxCrossEntropy(), SGD, cfg)
                .fit(BatchSource.of(d), BatchSource.of(val));
        Network viaDataset = dropoutClassifier(2);
        TrainingResult dataset = new Trainer(viaDataset, Losses.softmaxCrossEntropy(), SGD, cfg).fit(d, val);
        TrainerTest.assertIdentical(viaSource, viaDataset);
        for (int e = 0; e < 3; e++) {
            assertEquals(dataset.history().get(e).trainCost(), source.history().get(e).trainCost(), 0.0);
            assertEquals(dataset.history().get(e).validationCost(), source.history().get(e).validationCost(), 0.0);
        }

        // the reference: Fisher-Yates per epoch, the rows' weights, one mask seed per step
        Network ref = dropoutClassifier(2);
        Backprop engine = new Backprop(ref, Losses.softmaxCrossEntropy(), 1);
        Gradients g = Gradients.zerosLike(ref);
        DropoutMasks masks = new DropoutMasks(ref);
        Optimizer opt = SGD.create(ref);
        SplittableRandom random = new SplittableRandom(13);
        SplittableRandom seeds = new SplittableRandom(13 ^ Trainer.DROPOUT_SALT);
        int[] order = new int[90];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        DMatrixRMaj x = new DMatrixRMaj(1, 1);
        DMatrixRMaj y = new DMatrixRMaj(1, 1);
        DMatrixRMaj s = new DMatrixRMaj(1, 1);
        double lastCost = 0;
        double lastNorm = 0;
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            lastCost = 0;
            lastNorm = 0;
            for (int from = 0; from < order.length; from += 16) {
                int to = Math.min(order.length, from + 16);
                plain.gather(order, from, to, x, y);
                s.reshape(to - from, 1);
                double norm = 0;
                for (int i = from; i < to; i++) {
                    s.data[i - from] = w[order[i]];
                    norm += w[order[i]];
                }
                masks.draw(to - from, seeds.nextLong());
                lastCost += engine.compute(x, y, s, g, masks) * norm;
                lastNorm += norm;
                opt.step(g);
            }
        }
        TrainerTest.assertIdentical(viaSource, ref);
        assertEquals(lastCost / lastNorm, source.last().trainCost(), 1e-12);
    }

    private static double[] weights(int m) {
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = 1 + i % 3;
        }
        return w;
    }

    private static Network dropoutClassifier(long seed) {
        return Network.builder(4).dense(12, Activations.relu()).dropout(0.3).dense(3, Activations.softmax())
                .seed(seed).build();
    }

    @Test
    void aFullBatchTrainerRefusesASourceAndChangesNothing() {
        Dataset d = TrainerTest.blobs(4, 40);
        Network net = TrainerTest.classifier(3);
        Network before = net.copy();
        Trainer trainer = new Trainer(net, Losses.softmaxCrossEntropy(), LbfgsSpec.defaults(),
                TrainerConfig.defaults().withEpochs(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.fit(BatchSource.of(d)));
        assertTrue(e.getMessage().contains("full-batch mode") && e.getMessage().contains("fit(Dataset)"),
                e.getMessage());
        TrainerTest.assertIdentical(before, net);
        assertEquals(0, trainer.lbfgs().iterations());
    }
}
