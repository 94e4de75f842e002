package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.BundledDatasets;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The documented thread-safety: separate networks may be trained in parallel threads (they share
 * the default kernel and its workers), and a network that nothing trains may be used for
 * prediction meanwhile; every result equals the one computed alone.
 */
class ParallelTrainingTest {

    private static Network train(long seed, Dataset data) {
        Network net = Network.builder(64).dense(24, Activations.relu()).dense(10, Activations.softmax()).seed(seed)
                .build();
        new Trainer(net, Losses.softmaxCrossEntropy(), Adam.defaults().withLr(3e-3),
                TrainerConfig.defaults().withEpochs(2).withBatchSize(32).withSeed(seed)).fit(data);
        return net;
    }

    @Test
    void parallelTrainingAndPredictionEqualSequentialResults() throws Exception {
        Dataset digits = BundledDatasets.digits().dataset();
        Dataset data = Scaler.standardize(digits.features()).apply(digits);
        List<Network> alone = new ArrayList<>();
        for (long s = 0; s < 4; s++) {
            alone.add(train(s, data));
        }
        Network frozen = alone.get(0).copy();
        DMatrixRMaj expectedPrediction = frozen.predict(data.features());

        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Network>> trained = new ArrayList<>();
            for (long s = 0; s < 4; s++) {
                long seed = s;
                trained.add(pool.submit(() -> train(seed, data)));
            }
            Callable<Boolean> predictor = () -> {
                for (int i = 0; i < 20; i++) {
                    if (!MatrixFeatures_DDRM.isIdentical(expectedPrediction, frozen.predict(data.features()), 0)) {
                        return false;
                    }
                }
                return true;
            };
            Future<Boolean> predictions = pool.submit(predictor);
            for (int s = 0; s < 4; s++) {
                Network parallel = trained.get(s).get(300, TimeUnit.SECONDS);
                for (int l = 1; l <= 2; l++) {
                    assertTrue(MatrixFeatures_DDRM.isIdentical(alone.get(s).layer(l).weights(),
                            parallel.layer(l).weights(), 0), "network " + s + ", layer " + l);
                }
            }
            assertTrue(predictions.get(300, TimeUnit.SECONDS), "a concurrent prediction differed");
        } finally {
            pool.shutdownNow();
        }
    }
}
