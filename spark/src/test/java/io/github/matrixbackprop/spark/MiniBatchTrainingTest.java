package io.github.matrixbackprop.spark;

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
import io.github.matrixbackprop.train.Trainer;
import io.github.matrixbackprop.train.TrainerConfig;
import io.github.matrixbackprop.train.TrainingResult;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Mode 2: synchronous mini-batch training over partitions follows the single-machine trainer with
 * the same seed and batch size on the collected rows, to a relative 1e-10 after several steps.
 */
class MiniBatchTrainingTest {

    @Test
    void followsTheSingleMachineTrainerStepByStep() {
        Dataset all = BundledDatasets.digits().dataset();
        Dataset raw = all.rows(IntStream.range(0, 500).toArray(), 0, 500);
        Dataset rows = Scaler.standardize(raw.features()).apply(raw);
        Loss loss = Losses.softmaxCrossEntropy();
        OptimizerSpec adam = Adam.defaults().withLr(3e-3);
        Network distributed = network();
        Network single = network();
        SparkTrainingResult result;
        // 3 partitions of 166-167 rows, blocks of 100: a batch of 64 spans blocks and partitions
        try (PartitionedData data = PartitionedData.of(SparkTestSession.frame(rows, 3), "features", "label",
                distributed, loss, 100)) {
            result = MiniBatchTraining.run(data, distributed, loss, adam.create(distributed), 2, 64, 11);
        }
        TrainerConfig config = TrainerConfig.defaults().withEpochs(2).withBatchSize(64).withSeed(11).withThreads(1);
        TrainingResult reference = new Trainer(single, loss, adam, config).fit(rows);

        assertEquals(16, result.steps()); // 2 epochs of 8 batches (7 of 64, one of 52)
        assertEquals(16, result.jobs());
        for (int e = 0; e < 2; e++) {
            double expected = reference.history().get(e).trainCost();
            assertEquals(expected, result.costs().get(e), 1e-10 * expected, "epoch " + (e + 1) + " cost");
        }
        double error = SparkTestSession.relativeError(FlatParameters.of(distributed), FlatParameters.of(single));
        System.out.printf("mini-batch, 16 Adam steps: parameters %.3e (relative) from the single-machine trainer%n",
                error);
        assertTrue(error <= 1e-10, "parameters relative error " + error);
        assertTrue(result.costs().get(1) < result.costs().get(0), "training lowers the cost: " + result.costs());
    }

    private static Network network() {
        return Network.builder(64).dense(32, Activations.relu()).dense(10, Activations.softmax()).seed(21).build();
    }
}
