package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.optim.ClipByGlobalNorm;
import io.github.matrixbackprop.optim.CostFunction;
import io.github.matrixbackprop.optim.Lbfgs;
import io.github.matrixbackprop.optim.LbfgsSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer's full-batch mode: one L-BFGS step per epoch on the whole training set. */
class FullBatchTrainingTest {

    private static final LbfgsSpec WOLFE = LbfgsSpec.defaults().withLineSearch(LbfgsSpec.LineSearch.STRONG_WOLFE);

    private static double[] parameters(Network net) {
        List<Double> out = new ArrayList<>();
        for (int l = 1; l <= net.depth(); l++) {
            for (double v : net.layer(l).weights().data) {
                out.add(v);
            }
            for (double v : net.layer(l).bias().data) {
                out.add(v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void reachesALowCostOnASmallClassificationProblem() {
        Dataset data = TrainerTest.blobs(1, 200);
        Network net = TrainerTest.classifier(2);
        List<BatchReport> batches = new ArrayList<>();
        TrainingResult result = new Trainer(net, Losses.softmaxCrossEntropy(), WOLFE,
                TrainerConfig.defaults().withEpochs(15).withBatchSize(256).withBatchEvents(true))
                .addListener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(BatchReport report) {
                        batches.add(report);
                    }
                })
                .fit(data);
        List<EpochReport> history = result.history();
        assertEquals(15, history.size());
        assertTrue(history.get(0).trainCost() > 0.5, "start " + history.get(0).trainCost());
        double end = new Backprop(net, Losses.softmaxCrossEntropy()).cost(data.features(), data.targets());
        assertTrue(end < 0.05, "final cost " + end);
        assertTrue(history.get(14).trainAccuracy() > 0.97, "accuracy " + history.get(14).trainAccuracy());
        assertEquals(15, batches.size());
        assertEquals(1, batches.get(3).batches());
        assertEquals(history.get(3).trainCost(), batches.get(3).cost());
        assertEquals(200, batches.get(3).samples());
    }

    @Test
    void anEpochIsOneStepOfTheStandaloneOptimizerOnTheFullBatch() {
        Dataset data = TrainerTest.blobs(3, 90);
        Network a = TrainerTest.classifier(4);
        Network b = a.copy();
        Trainer trainer = new Trainer(a, Losses.softmaxCrossEntropy(), WOLFE,
                TrainerConfig.defaults().withEpochs(4).withBatchSize(90).withThreads(1));
        TrainingResult result = trainer.fit(data);
        Lbfgs alone = WOLFE.create(b);
        CostFunction cost = CostFunction.of(new Backprop(b, Losses.softmaxCrossEntropy(), 1), data.features(),
                data.targets());
        for (int epoch = 0; epoch < 4; epoch++) {
            assertEquals(alone.step(cost), result.history().get(epoch).trainCost(), "epoch " + (epoch + 1));
        }
        assertArrayEquals(parameters(b), parameters(a));
        assertEquals(alone.functionEvaluations(), trainer.lbfgs().functionEvaluations());
        assertTrue(trainer.fullBatch());
    }

    @Test
    void chunksOfTheBatchSizeGiveTheSameCost() {
        Dataset data = TrainerTest.blobs(5, 100);
        Network whole = TrainerTest.classifier(6);
        Network chunked = whole.copy();
        TrainerConfig config = TrainerConfig.defaults().withEpochs(3);
        TrainingResult one = new Trainer(whole, Losses.softmaxCrossEntropy(), WOLFE, config.withBatchSize(100))
                .fit(data);
        TrainingResult seven = new Trainer(chunked, Losses.softmaxCrossEntropy(), WOLFE, config.withBatchSize(7))
                .fit(data);
        for (int e = 0; e < 3; e++) {
            double ref = one.history().get(e).trainCost();
            assertEquals(ref, seven.history().get(e).trainCost(), 1e-12 * Math.max(1, ref), "epoch " + (e + 1));
        }
        assertArrayEquals(parameters(whole), parameters(chunked), 1e-8);
    }

    @Test
    void bitIdenticalForEveryThreadCount() {
        Dataset data = TrainerTest.blobs(7, 150);
        double[][] results = new double[2][];
        int[] threads = {1, 2};
        for (int r = 0; r < 2; r++) {
            Network net = TrainerTest.classifier(8);
            new Trainer(net, Losses.softmaxCrossEntropy(), WOLFE,
                    TrainerConfig.defaults().withEpochs(3).withBatchSize(64).withThreads(threads[r])
                            .withValidationFraction(0.2)).fit(data);
            results[r] = parameters(net);
        }
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void aDivergentStepIsRolledBackWithTheOptimizerState() {
        Network net = TestNets.random(9, new int[] {4, 6, 2}, Activations.tanh(), Activations.identity());
        Dataset data = new Dataset(TestNets.inputs(10, 20, 4), TestNets.inputs(11, 20, 2));
        double[] before = parameters(net);
        Trainer trainer = new Trainer(net, Losses.halfSse(), LbfgsSpec.of(1e300),
                TrainerConfig.defaults().withEpochs(2));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(data));
        assertEquals("training diverged in epoch 1, batch 1: the cost is Infinity at evaluation 2 of the L-BFGS"
                + " step; the parameters were restored to the last finite state", e.getMessage());
        assertArrayEquals(before, parameters(net));
        assertEquals(0, trainer.lbfgs().iterations());
        assertEquals(0, trainer.lbfgs().functionEvaluations());
    }

    @Test
    void theModesNameEachOther() {
        Network net = TrainerTest.classifier(12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(net,
                Losses.softmaxCrossEntropy(), WOLFE, TrainerConfig.defaults().withTransforms(new ClipByGlobalNorm(1))));
        assertEquals("L-BFGS takes no gradient transforms (the config has 1): its line search and curvature pairs"
                + " need the cost's true gradient", e.getMessage());
        Trainer full = new Trainer(net, Losses.softmaxCrossEntropy(), WOLFE, TrainerConfig.defaults());
        assertEquals("this trainer runs L-BFGS in full-batch mode: see lbfgs()",
                assertThrows(IllegalStateException.class, full::optimizer).getMessage());
        Trainer mini = new Trainer(net, Losses.softmaxCrossEntropy(), Adam.defaults(), TrainerConfig.defaults());
        assertEquals("this trainer runs mini-batch steps of an Optimizer: see optimizer()",
                assertThrows(IllegalStateException.class, mini::lbfgs).getMessage());
        Lbfgs other = WOLFE.create(TrainerTest.classifier(13));
        assertThrows(IllegalArgumentException.class,
                () -> new Trainer(net, Losses.softmaxCrossEntropy(), other, TrainerConfig.defaults()));
    }
}
