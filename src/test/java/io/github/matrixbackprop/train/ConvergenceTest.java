package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adagrad;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.optim.AdamW;
import io.github.matrixbackprop.optim.LearningRateSchedule;
import io.github.matrixbackprop.optim.OptimizerSpec;
import io.github.matrixbackprop.optim.RmsProp;
import io.github.matrixbackprop.optim.Sgd;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every optimizer solves XOR and reaches the closed-form least-squares optimum. */
class ConvergenceTest {

    static Stream<Arguments> xorOptimizers() {
        return Stream.of(
                Arguments.of(Sgd.of(0.5).withMomentum(0.9), 400),
                Arguments.of(Sgd.of(0.5).withMomentum(0.9).withNesterov(true), 400),
                Arguments.of(Adam.defaults().withLr(0.05), 400),
                Arguments.of(Adam.defaults().withLr(0.05).withAmsgrad(true), 400),
                Arguments.of(AdamW.defaults().withLr(0.05), 400),
                Arguments.of(RmsProp.defaults().withLr(0.02), 400),
                Arguments.of(RmsProp.defaults().withLr(0.01).withCentered(true).withMomentum(0.5), 400),
                Arguments.of(Adagrad.defaults().withLr(0.3), 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("xorOptimizers")
    void learnsXorWithTanh(OptimizerSpec spec, int epochs) {
        Dataset xor = Dataset.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
                new double[][] {{0}, {1}, {1}, {0}});
        Network net = Network.builder(2).dense(8, Activations.tanh()).dense(1, Activations.sigmoid()).seed(3).build();
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(epochs).withBatchSize(4).withShuffle(false);
        TrainingResult r = new Trainer(net, Losses.binaryCrossEntropy(), spec, cfg).fit(xor);
        assertEquals(1.0, Metrics.accuracy(net.predict(xor.features()), xor.targets()), spec.toString());
        assertTrue(r.last().trainCost() < 0.1, spec + ": cost " + r.last().trainCost());
    }

    static Stream<Arguments> regressionOptimizers() {
        LearningRateSchedule decay = LearningRateSchedule.exponential(0.995);
        return Stream.of(
                Arguments.of(Sgd.of(0.1), LearningRateSchedule.constant(), 600),
                Arguments.of(Sgd.of(0.05).withMomentum(0.9), LearningRateSchedule.constant(), 400),
                Arguments.of(Sgd.of(0.05).withMomentum(0.9).withNesterov(true), LearningRateSchedule.constant(), 400),
                Arguments.of(Adam.defaults().withLr(0.1), decay, 3000),
                Arguments.of(Adam.defaults().withLr(0.1).withAmsgrad(true), decay, 3000),
                Arguments.of(AdamW.defaults().withLr(0.1).withWeightDecay(0), decay, 3000),
                Arguments.of(RmsProp.defaults().withLr(0.05), decay, 3000),
                Arguments.of(RmsProp.defaults().withLr(0.02).withCentered(true).withMomentum(0.5), decay, 3000),
                Arguments.of(Adagrad.defaults().withLr(0.5), LearningRateSchedule.constant(), 3000));
    }

    /**
     * y = X w* + b* + noise; the optimum of the mean squared error is the least-squares solution
     * of [X 1] theta = y, computed here in closed form. Full-batch training must reach it to 1e-6.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("regressionOptimizers")
    void reachesTheLeastSquaresOptimum(OptimizerSpec spec, LearningRateSchedule schedule, int epochs) {
        SplittableRandom rnd = new SplittableRandom(11);
        int m = 50;
        DMatrixRMaj x = TestNets.uniform(rnd, m, 3, -1, 1);
        DMatrixRMaj y = new DMatrixRMaj(m, 1);
        double[] w = {1.5, -2.0, 0.7};
        for (int i = 0; i < m; i++) {
            y.set(i, 0, 0.3 + w[0] * x.get(i, 0) + w[1] * x.get(i, 1) + w[2] * x.get(i, 2)
                    + 0.1 * (rnd.nextDouble() - 0.5));
        }
        DMatrixRMaj design = new DMatrixRMaj(m, 4);
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < 3; k++) {
                design.set(i, k, x.get(i, k));
            }
            design.set(i, 3, 1.0);
        }
        DMatrixRMaj optimum = new DMatrixRMaj(4, 1);
        assertTrue(CommonOps_DDRM.solve(design, y, optimum), "least squares");

        Network net = Network.builder(3).dense(1, Activations.identity()).seed(5).build();
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(epochs).withBatchSize(m).withShuffle(false)
                .withSchedule(schedule);
        new Trainer(net, Losses.mse(), spec, cfg).fit(new Dataset(x, y));
        for (int k = 0; k < 3; k++) {
            assertEquals(optimum.get(k), net.layer(1).weights().get(0, k), 1e-6, spec + " w" + k);
        }
        assertEquals(optimum.get(3), net.layer(1).bias().get(0), 1e-6, spec + " b");
    }
}
