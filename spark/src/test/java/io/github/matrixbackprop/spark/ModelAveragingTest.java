package io.github.matrixbackprop.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.BundledDatasets;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.optim.OptimizerSpec;
import io.github.matrixbackprop.optim.Sgd;
import io.github.matrixbackprop.train.Trainer;
import io.github.matrixbackprop.train.TrainerConfig;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mode 3: a round is each partition's local training, as the single-machine trainer does it on
 * that partition's rows, followed by the row-weighted average; optimizer state travels between
 * rounds; runs are bit-identical for a fixed partitioning.
 */
class ModelAveragingTest {

    private static final Loss LOSS = Losses.softmaxCrossEntropy();

    private static Dataset rows;

    @BeforeAll
    static void data() {
        Dataset all = BundledDatasets.digits().dataset();
        Dataset raw = all.rows(IntStream.range(0, 600).toArray(), 0, 600);
        rows = Scaler.standardize(raw.features()).apply(raw);
    }

    private static Network network() {
        return Network.builder(64).dense(24, Activations.tanh()).dense(10, Activations.softmax()).seed(3).build();
    }

    @Test
    void aRoundIsTheRowWeightedAverageOfEachPartitionsLocalEpoch() {
        OptimizerSpec sgd = Sgd.defaults().withLr(0.05).withMomentum(0.9);
        Network averaged = network();
        // 2 partitions of 300 rows, batches of 50: 6 local steps are one local epoch; 1 epoch = 1 round
        try (PartitionedData data = PartitionedData.of(SparkTestSession.frame(rows, 2), averaged, LOSS)) {
            SparkTrainingResult result = ModelAveraging.run(data, averaged, LOSS, sgd, 1, 50, 6, 17);
            assertEquals(6, result.steps());
            assertEquals(1, result.jobs());
        }
        double[] expected = new double[averaged.parameterCount()];
        for (int p = 0; p < 2; p++) {
            Network local = network();
            TrainerConfig config = TrainerConfig.defaults().withEpochs(1).withBatchSize(50)
                    .withSeed(ModelAveraging.partitionSeed(17, p)).withThreads(1);
            new Trainer(local, LOSS, sgd, config).fit(rows.rows(IntStream.range(0, 600).toArray(), 300 * p,
                    300 * p + 300));
            double[] theta = FlatParameters.of(local);
            for (int i = 0; i < theta.length; i++) {
                expected[i] += 300 * theta[i];
            }
        }
        for (int i = 0; i < expected.length; i++) {
            expected[i] /= 600;
        }
        double error = SparkTestSession.relativeError(FlatParameters.of(averaged), expected);
        System.out.printf("model averaging, one round: parameters %.3e (relative) from the average of two"
                + " single-machine epochs%n", error);
        assertTrue(error <= 1e-10, "parameters relative error " + error);
    }

    @Test
    void withOnePartitionTheRoundsAreTheTrainersEpochsWithTheOptimizerStateCarriedOver() {
        OptimizerSpec adam = Adam.defaults().withLr(3e-3);
        Network averaged = network();
        Network single = network();
        Dataset first = rows.rows(IntStream.range(0, 600).toArray(), 0, 300);
        try (PartitionedData data = PartitionedData.of(SparkTestSession.frame(first, 1), averaged, LOSS)) {
            // 300 rows, batches of 50: 6 steps an epoch, K = 6: 3 rounds, each one epoch
            SparkTrainingResult result = ModelAveraging.run(data, averaged, LOSS, adam, 3, 50, 6, 5);
            assertEquals(3, result.jobs());
        }
        TrainerConfig config = TrainerConfig.defaults().withEpochs(3).withBatchSize(50).withSeed(5).withThreads(1);
        new Trainer(single, LOSS, adam, config).fit(first);
        double error = SparkTestSession.relativeError(FlatParameters.of(averaged), FlatParameters.of(single));
        assertTrue(error <= 1e-10, "parameters relative error " + error);
    }

    @Test
    void runsAreBitIdenticalForAFixedPartitioning() {
        OptimizerSpec adam = Adam.defaults().withLr(3e-3);
        Network a = network();
        Network b = network();
        SparkTrainingResult ra;
        SparkTrainingResult rb;
        try (PartitionedData data = PartitionedData.of(SparkTestSession.frame(rows, 3), a, LOSS)) {
            ra = ModelAveraging.run(data, a, LOSS, adam, 4, 32, 4, 9);
            rb = ModelAveraging.run(data, b, LOSS, adam, 4, 32, 4, 9);
        }
        // 600 rows in 3 partitions, b = 32: 7 local steps an epoch, 28 in all, rounds of 4
        assertEquals(28, ra.steps());
        assertEquals(7, ra.jobs());
        assertArrayEquals(FlatParameters.of(a), FlatParameters.of(b));
        assertEquals(ra.costs(), rb.costs());
        assertTrue(ra.lastCost() < ra.costs().get(0), "averaging lowers the cost: " + ra.costs());
    }
}
