package io.github.matrixbackprop.network;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;

/** The documented guarantee: several threads may predict with one network while nothing trains it. */
class ConcurrentPredictionTest {

    @Test
    void concurrentPredictionsEqualSequentialOnes() throws Exception {
        Network net = Network.builder(6).dense(32, Activations.gelu()).dense(16, Activations.tanh())
                .dense(4, Activations.softmax()).seed(8).build();
        List<DMatrixRMaj> inputs = new ArrayList<>();
        List<DMatrixRMaj> expected = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            DMatrixRMaj x = TestNets.inputs(i, 1 + 7 * i, 6);
            inputs.add(x);
            expected.add(net.predict(x));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < inputs.size(); i++) {
                    int k = i;
                    results.add(pool.submit(() -> MatrixFeatures_DDRM.isIdentical(expected.get(k),
                            net.predict(inputs.get(k)), 0)));
                }
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
