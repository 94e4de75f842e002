package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.DropoutMasks;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.check.FiniteDifferences;
import io.github.matrixbackprop.check.GradientCheck;
import io.github.matrixbackprop.check.GradientCheckReport;
import io.github.matrixbackprop.data.BatchSource;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.LbfgsSpec;
import io.github.matrixbackprop.optim.Sgd;
import java.io.IOException;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Features that meet: dropout with sample weights, L-BFGS with weights or dropout. */
class CombinedFeaturesTest {

    private static DMatrixRMaj weights(int m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DMatrixRMaj s = new DMatrixRMaj(m, 1);
        for (int i = 0; i < m; i++) {
            s.data[i] = 0.25 + 2 * r.nextDouble();
        }
        return s;
    }

    private static double maxDifference(Gradients a, Gradients b) {
        double max = 0;
        for (int l = 1; l <= a.depth(); l++) {
            for (int i = 0; i < a.weights(l).data.length; i++) {
                max = Math.max(max, Math.abs(a.weights(l).data[i] - b.weights(l).data[i]));
            }
            for (int i = 0; i < a.bias(l).data.length; i++) {
                max = Math.max(max, Math.abs(a.bias(l).data[i] - b.bias(l).data[i]));
            }
        }
        return max;
    }

    @Test
    void dropoutWithUnitSampleWeightsEqualsDropoutWithout() {
        Network net = Network.builder(4).dense(16, Activations.tanh()).dropout(0.4).dense(3, Activations.softmax())
                .seed(5).build();
        Dataset data = TrainerTest.blobs(3, 40);
        Loss loss = Losses.softmaxCrossEntropy();
        DropoutMasks masks = DropoutMasks.draw(net, 40, 11);
        Gradients plain = Gradients.zerosLike(net);
        Gradients weighted = Gradients.zerosLike(net);
        DMatrixRMaj ones = new DMatrixRMaj(40, 1);
        ones.fill(1.0);
        double c1 = new Backprop(net, loss).compute(data.features(), data.targets(), plain, masks);
        double c2 = new Backprop(net, loss).compute(data.features(), data.targets(), ones, weighted, masks);
        assertEquals(c1, c2, 1e-15);
        assertTrue(maxDifference(plain, weighted) < 1e-15, "difference " + maxDifference(plain, weighted));
    }

    @Test
    void dropoutWithSampleWeightsIsInvariantToTheWeightsScaleAndDiffersFromUnweighted() {
        Network net = Network.builder(4).dense(16, Activations.relu()).dropout(0.3).dense(3, Activations.softmax())
                .seed(6).build();
        Dataset data = TrainerTest.blobs(4, 30);
        Loss loss = Losses.softmaxCrossEntropy();
        DropoutMasks masks = DropoutMasks.draw(net, 30, 12);
        DMatrixRMaj s = weights(30, 13);
        DMatrixRMaj s3 = s.copy();
        for (int i = 0; i < 30; i++) {
            s3.data[i] *= 3;
        }
        Gradients g = Gradients.zerosLike(net);
        Gradients g3 = Gradients.zerosLike(net);
        Gradients plain = Gradients.zerosLike(net);
        Backprop engine = new Backprop(net, loss);
        double c = engine.compute(data.features(), data.targets(), s, g, masks);
        double c3 = engine.compute(data.features(), data.targets(), s3, g3, masks);
        engine.compute(data.features(), data.targets(), plain, masks);
        assertEquals(c, c3, 1e-14);
        assertTrue(maxDifference(g, g3) < 1e-14, "difference " + maxDifference(g, g3));
        assertTrue(maxDifference(g, plain) > 1e-6, "the weights change the gradient");
    }

    @Test
    void dropoutWithSampleWeightsAndClassWeightsMatchesFiniteDifferencesWithTheSameMasks() {
        Network net = Network.builder(4).dense(12, Activations.tanh()).dropout(0.4).dense(3, Activations.softmax())
                .seed(8).build();
        Dataset data = TrainerTest.blobs(10, 12);
        Loss loss = Losses.softmaxCrossEntropy().withClassWeights(1.0, 2.0, 0.5).withLabelSmoothing(0.1);
        DropoutMasks masks = DropoutMasks.draw(net, 12, 21);
        DMatrixRMaj s = weights(12, 22);
        Gradients g = Gradients.zerosLike(net);
        double cost = new Backprop(net, loss).compute(data.features(), data.targets(), s, g, masks);
        assertEquals(FiniteDifferences.cost(net, loss, data.features(), data.targets(), s, masks), cost,
                1e-14 * Math.max(1, Math.abs(cost)));
        Gradients reference = FiniteDifferences.gradient(net, loss, data.features(), data.targets(), s, masks);
        GradientCheckReport report = GradientCheck.compare(g, reference, "finite differences, weights and masks",
                cost);
        assertTrue(report.passes(1e-7), report.toString());
    }

    @Test
    void lbfgsRefusesANetworkWithDropout() {
        Network net = Network.builder(2).dense(8, Activations.tanh()).dropout(0.5).dense(3, Activations.softmax())
                .seed(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(net,
                Losses.softmaxCrossEntropy(), LbfgsSpec.defaults(), TrainerConfig.defaults()));
        assertTrue(e.getMessage().contains("layer 1 has dropout 0.5"), e.getMessage());
    }

    @Test
    void fullBatchCostWithSampleWeightsAgreesInChunksAndInOnePass() {
        Dataset data = TrainerTest.blobs(7, 50).withSampleWeights(weights(50, 8));
        Network net = TrainerTest.classifier(3);
        Loss loss = Losses.softmaxCrossEntropy().withClassWeights(1.0, 2.5, 0.5);
        Backprop engine = new Backprop(net, loss);
        Gradients reference = Gradients.zerosLike(net);
        double whole = engine.compute(data.features(), data.targets(), data.sampleWeights(), reference);
        for (int chunk : new int[] {50, 7, 16}) {
            Gradients g = Gradients.zerosLike(net);
            double cost = new FullBatchCost(engine, data, chunk, null).evaluate(g);
            assertEquals(whole, cost, 1e-13 * Math.max(1, Math.abs(whole)), "chunk " + chunk);
            assertTrue(maxDifference(reference, g) < 1e-13, "chunk " + chunk + ": " + maxDifference(reference, g));
        }
    }

    @Test
    void aSourceThatClaimsWeightsButDoesNotFillThemIsNamed() {
        Dataset data = TrainerTest.blobs(9, 40);
        BatchSource inner = BatchSource.of(data);
        BatchSource claims = new BatchSource() {
            @Override
            public int featureCount() {
                return inner.featureCount();
            }

            @Override
            public int targetWidth() {
                return inner.targetWidth();
            }

            @Override
            public long size() {
                return inner.size();
            }

            @Override
            public Epoch epoch(int epoch, long seed, boolean shuffle) throws IOException {
                return inner.epoch(epoch, seed, shuffle); // its next(rows, x, y, s) leaves s untouched
            }

            @Override
            public boolean hasSampleWeights() {
                return true;
            }
        };
        Network net = TrainerTest.classifier(3);
        Network before = net.copy();
        Trainer trainer = new Trainer(net, Losses.softmaxCrossEntropy(), Sgd.defaults().withLr(0.1),
                TrainerConfig.defaults().withEpochs(1).withBatchSize(16));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.fit(claims));
        assertTrue(e.getMessage().contains("says it has sample weights but its batch 1 of epoch 1 gave 0 weights"
                + " for 16 rows"), e.getMessage());
        for (int l = 1; l <= net.depth(); l++) {
            assertArrayEquals(before.layer(l).weights().data, net.layer(l).weights().data);
        }
    }
}
