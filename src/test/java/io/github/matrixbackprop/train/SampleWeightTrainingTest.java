package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;

/** The trainer with a weight column: the weights follow their rows, costs combine batches by weight. */
class SampleWeightTrainingTest {

    private static final int M = 60;

    /** Weights 0, 1, 2 or 3, cycling over the rows. */
    private static DMatrixRMaj weights(int m) {
        DMatrixRMaj s = new DMatrixRMaj(m, 1);
        for (int i = 0; i < m; i++) {
            s.data[i] = i % 4;
        }
        return s;
    }

    private static TrainingListener into(List<EpochReport> reports) {
        return new TrainingListener() {
            @Override
            public void onEpochEnd(EpochReport report) {
                reports.add(report);
            }
        };
    }

    @Test
    void weightsOfOneTrainBitForBitAsNoWeights() {
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(3).withBatchSize(16).withSeed(4);
        Dataset data = TrainerTest.blobs(5, M);
        DMatrixRMaj ones = new DMatrixRMaj(M, 1);
        CommonOps_DDRM.fill(ones, 1.0);
        Network a = TrainerTest.classifier(6);
        Network b = TrainerTest.classifier(6);
        List<EpochReport> ra = new ArrayList<>();
        List<EpochReport> rb = new ArrayList<>();
        new Trainer(a, Losses.softmaxCrossEntropy(), Adam.defaults().withLr(0.01), cfg).addListener(into(ra))
                .fit(data, data);
        new Trainer(b, Losses.softmaxCrossEntropy(), Adam.defaults().withLr(0.01), cfg).addListener(into(rb))
                .fit(data.withSampleWeights(ones), data.withSampleWeights(ones));
        TrainerTest.assertIdentical(a, b);
        for (int e = 0; e < ra.size(); e++) {
            assertEquals(ra.get(e).trainCost(), rb.get(e).trainCost(), 0.0);
            assertEquals(ra.get(e).validationCost(), rb.get(e).validationCost(), 0.0);
        }
    }

    @Test
    void fullBatchTrainingWithIntegerWeightsEqualsTrainingOnRepeatedRows() {
        Dataset data = TrainerTest.blobs(7, M);
        DMatrixRMaj s = weights(M);
        int total = (int) CommonOps_DDRM.elementSum(s);
        DMatrixRMaj x = new DMatrixRMaj(total, data.featureCount());
        DMatrixRMaj y = new DMatrixRMaj(total, data.targetWidth());
        int r = 0;
        for (int i = 0; i < M; i++) {
            for (int k = 0; k < (int) s.data[i]; k++, r++) {
                CommonOps_DDRM.extract(data.features(), i, i + 1, 0, data.featureCount(), x, r, 0);
                CommonOps_DDRM.extract(data.targets(), i, i + 1, 0, data.targetWidth(), y, r, 0);
            }
        }
        // one batch per epoch, shuffled: the weights must move with their rows
        Network weighted = TrainerTest.classifier(8);
        Network repeated = TrainerTest.classifier(8);
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(20).withBatchSize(1000).withSeed(9);
        new Trainer(weighted, Losses.softmaxCrossEntropy(), Sgd.of(0.5), cfg).fit(data.withSampleWeights(s));
        new Trainer(repeated, Losses.softmaxCrossEntropy(), Sgd.of(0.5), cfg).fit(new Dataset(x, y));
        for (int l = 1; l <= 2; l++) {
            assertTrue(MatrixFeatures_DDRM.isIdentical(repeated.layer(l).weights(), weighted.layer(l).weights(),
                    1e-12), "W^" + l);
            assertTrue(MatrixFeatures_DDRM.isIdentical(repeated.layer(l).bias(), weighted.layer(l).bias(), 1e-12),
                    "b^" + l);
        }
    }

    @Test
    void epochCostsAreTheWeightedCostOfTheWholeSet() {
        Dataset train = TrainerTest.blobs(10, M).withSampleWeights(weights(M));
        Dataset validation = TrainerTest.blobs(11, 25).withSampleWeights(weights(25));
        Loss loss = Losses.softmaxCrossEntropy().withClassWeights(0.5, 2, 1).withLabelSmoothing(0.1);
        Network net = TrainerTest.classifier(12);
        List<EpochReport> reports = new ArrayList<>();
        // learning rate 0: the parameters stay, so every batch sees the same network
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(2).withBatchSize(7).withSeed(13);
        new Trainer(net, loss, Sgd.of(0.0), cfg).addListener(into(reports)).fit(train, validation);
        Backprop engine = new Backprop(net, loss);
        double trainCost = engine.cost(train.features(), train.targets(), train.sampleWeights());
        double validationCost = engine.cost(validation.features(), validation.targets(), validation.sampleWeights());
        for (EpochReport r : reports) {
            assertEquals(trainCost, r.trainCost(), 1e-14);
            assertEquals(validationCost, r.validationCost(), 1e-14);
        }
    }

    @Test
    void weightsChangedAfterTheDatasetWasMadeAreNamedBeforeTheFirstStep() {
        DMatrixRMaj s = weights(M);
        Dataset data = TrainerTest.blobs(14, M).withSampleWeights(s);
        s.data[5] = -1.0;
        Network net = TrainerTest.classifier(15);
        Network before = net.copy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(net, Losses.softmaxCrossEntropy(), Sgd.of(0.1), TrainerConfig.defaults())
                        .fit(data));
        assertEquals("training data: sample weights has the value -1.0 at row 5 but every weight must be finite and"
                + " >= 0", e.getMessage());
        TrainerTest.assertIdentical(before, net);
    }
}
