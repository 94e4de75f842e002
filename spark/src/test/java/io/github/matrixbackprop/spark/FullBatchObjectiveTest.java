package io.github.matrixbackprop.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.data.BundledDatasets;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.CostFunction;
import io.github.matrixbackprop.optim.Lbfgs;
import io.github.matrixbackprop.optim.LbfgsSpec;
import io.github.matrixbackprop.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mode 1: the full-batch cost and gradient summed over partitions equal the single-machine
 * engine's on the collected rows to a relative 1e-12, and are bit-identical run to run.
 */
class FullBatchObjectiveTest {

    private static final Loss LOSS = Losses.softmaxCrossEntropy();

    private static Dataset digits;
    private static PartitionedData data;

    @BeforeAll
    static void cache() {
        Dataset raw = BundledDatasets.digits().dataset();
        digits = Scaler.standardize(raw.features()).apply(raw);
        // 3 partitions of 599 rows, blocks of at most 128 rows: 5 blocks per partition, the last of 87
        data = PartitionedData.of(SparkTestSession.frame(digits, 3), "features", "label", network(), LOSS, 128);
    }

    @AfterAll
    static void release() {
        data.close();
    }

    private static Network network() {
        return Network.builder(64).dense(32, Activations.tanh()).dense(10, Activations.softmax()).seed(7).build();
    }

    @Test
    void theCachedBlocksHoldTheRowsInDataFrameOrder() {
        assertEquals(1797, data.rowCount());
        assertArrayEquals(new int[] {599, 599, 599}, data.partitionRowCounts());
        Dataset collected = data.collect();
        assertArrayEquals(digits.features().data, collected.features().data);
        assertArrayEquals(digits.targets().data, collected.targets().data);
    }

    @Test
    void costAndGradientEqualTheSingleEngineOnAllRows() {
        Network net = network();
        Gradients expected = Gradients.zerosLike(net);
        double expectedCost = new Backprop(net, LOSS, 1).compute(digits.features(), digits.targets(), expected);
        Gradients actual = Gradients.zerosLike(net);
        double cost;
        try (FullBatchObjective objective = new FullBatchObjective(data, net, LOSS)) {
            cost = objective.evaluate(actual);
            assertEquals(1, objective.evaluations());
        }
        double costError = Math.abs(cost - expectedCost) / Math.abs(expectedCost);
        double gradientError = SparkTestSession.relativeError(flat(actual, net), flat(expected, net));
        System.out.printf("full batch vs single engine: cost %.3e, gradient %.3e (relative)%n", costError,
                gradientError);
        assertTrue(costError <= 1e-12, "cost " + cost + " vs " + expectedCost);
        assertTrue(gradientError <= 1e-12, "gradient relative error " + gradientError);
        for (int l = 1; l <= net.depth(); l++) {
            double e = SparkTestSession.relativeError(actual.weights(l).data, expected.weights(l).data);
            assertTrue(e <= 1e-12, "layer " + l + ": grad W relative error " + e);
        }
    }

    @Test
    void evaluationsAreBitIdenticalRunToRun() {
        Network net = network();
        Gradients first = Gradients.zerosLike(net);
        Gradients second = Gradients.zerosLike(net);
        Gradients third = Gradients.zerosLike(net);
        double c1;
        double c2;
        double c3;
        try (FullBatchObjective objective = new FullBatchObjective(data, net, LOSS)) {
            c1 = objective.evaluate(first);
            c2 = objective.evaluate(second);
        }
        // a new caching of the same DataFrame and a new objective: a new run
        try (PartitionedData again = PartitionedData.of(SparkTestSession.frame(digits, 3), "features", "label", net,
                LOSS, 128);
             FullBatchObjective objective = new FullBatchObjective(again, net, LOSS)) {
            c3 = objective.evaluate(third);
        }
        assertEquals(Double.doubleToRawLongBits(c1), Double.doubleToRawLongBits(c2));
        assertEquals(Double.doubleToRawLongBits(c1), Double.doubleToRawLongBits(c3));
        assertArrayEquals(flat(first, net), flat(second, net));
        assertArrayEquals(flat(first, net), flat(third, net));
    }

    @Test
    void gradientDescentFollowsTheSingleMachineIterates() {
        Network distributed = network();
        Network single = network();
        Sgd sgd = Sgd.defaults().withLr(0.5);
        SparkTrainingResult result;
        try (FullBatchObjective objective = new FullBatchObjective(data, distributed, LOSS)) {
            result = FullBatchTraining.run(objective, sgd.create(distributed), 6);
        }
        Backprop engine = new Backprop(single, LOSS, 1);
        var optimizer = sgd.create(single);
        List<Double> costs = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            costs.add(engine.compute(digits.features(), digits.targets()));
            optimizer.step(engine.gradients());
        }
        assertEquals(6, result.steps());
        assertEquals(6, result.jobs());
        for (int k = 0; k < 6; k++) {
            assertEquals(costs.get(k), result.costs().get(k), 1e-12 * costs.get(k));
        }
        assertTrue(result.lastCost() < result.costs().get(0), "gradient descent lowers the cost: " + result.costs());
        double e = SparkTestSession.relativeError(FlatParameters.of(distributed), FlatParameters.of(single));
        System.out.printf("6 gradient-descent iterations: parameters %.3e (relative)%n", e);
        assertTrue(e <= 1e-12, "parameters relative error " + e);
    }

    @Test
    void aClassWeightedLossIsCombinedByItsNormaliserNotByRowCounts() {
        Loss weighted = Losses.softmaxCrossEntropy().withClassWeights(1, 3, 0.5, 2, 1, 1, 0.25, 4, 1, 2)
                .withLabelSmoothing(0.1);
        Network net = network();
        Gradients expected = Gradients.zerosLike(net);
        double expectedCost = new Backprop(net, weighted, 1).compute(digits.features(), digits.targets(), expected);
        Gradients actual = Gradients.zerosLike(net);
        double cost;
        try (PartitionedData blocks = PartitionedData.of(SparkTestSession.frame(digits, 3), "features", "label", net,
                weighted, 128);
             FullBatchObjective objective = new FullBatchObjective(blocks, net, weighted)) {
            cost = objective.evaluate(actual);
        }
        assertEquals(expectedCost, cost, 1e-12 * expectedCost);
        double e = SparkTestSession.relativeError(flat(actual, net), flat(expected, net));
        assertTrue(e <= 1e-12, "gradient relative error " + e);
    }

    @Test
    void aNetworkWithDropoutIsRefusedNotTrainedWithoutIt() {
        Network dropping = Network.builder(64).dense(32, Activations.tanh()).dropout(0.5)
                .dense(10, Activations.softmax()).seed(7).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FullBatchObjective(data, dropping, LOSS));
        assertTrue(e.getMessage().startsWith("layer 1 has dropout 0.5, which the Spark modes do not draw"),
                e.getMessage());
    }

    @Test
    void lbfgsFollowsTheSingleMachineLbfgs() {
        Network distributed = network();
        Network single = network();
        LbfgsSpec spec = LbfgsSpec.defaults().withMaxIter(6).withLineSearch(LbfgsSpec.LineSearch.STRONG_WOLFE);
        SparkTrainingResult result;
        try (FullBatchObjective objective = new FullBatchObjective(data, distributed, LOSS)) {
            result = FullBatchTraining.run(objective, spec.create(distributed), 2);
        }
        Lbfgs local = spec.create(single);
        CostFunction cost = CostFunction.of(new Backprop(single, LOSS, 1), digits.features(), digits.targets());
        List<Double> costs = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            costs.add(local.step(cost));
        }
        assertEquals(2, result.steps());
        assertEquals(local.functionEvaluations(), result.jobs(), "one Spark job per evaluation, as many as on one machine");
        for (int k = 0; k < 2; k++) {
            assertEquals(costs.get(k), result.costs().get(k), 1e-12 * costs.get(k));
        }
        assertTrue(result.lastCost() < 0.5 * result.costs().get(0), "L-BFGS lowers the cost: " + result.costs());
        double e = SparkTestSession.relativeError(FlatParameters.of(distributed), FlatParameters.of(single));
        System.out.printf("2 L-BFGS steps (%d evaluations): parameters %.3e (relative)%n", result.jobs(), e);
        assertTrue(e <= 1e-9, "parameters relative error " + e);
    }

    @Test
    void vectorTargetsWithARegressionLossMatchToo() {
        // 2 outputs regressed with MSE on vector labels, 2 uneven partitions of a 301-row table
        SplittableRandom random = new SplittableRandom(3);
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("x", SQLDataTypes.VectorType(), false),
                DataTypes.createStructField("y", SQLDataTypes.VectorType(), false)));
        List<Row> rows = new ArrayList<>();
        double[][] xs = new double[301][];
        double[][] ys = new double[301][];
        for (int i = 0; i < 301; i++) {
            xs[i] = new double[] {random.nextDouble(-1, 1), random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
            ys[i] = new double[] {Math.sin(xs[i][0]) + xs[i][1], xs[i][2] * xs[i][0]};
            rows.add(RowFactory.create(Vectors.dense(xs[i]), Vectors.dense(ys[i])));
        }
        Network net = Network.builder(3).dense(8, Activations.relu()).dense(2, Activations.identity()).seed(5).build();
        Loss mse = Losses.mse();
        Gradients expected = Gradients.zerosLike(net);
        double expectedCost = new Backprop(net, mse, 1).compute(new org.ejml.data.DMatrixRMaj(xs),
                new org.ejml.data.DMatrixRMaj(ys), expected);
        Gradients actual = Gradients.zerosLike(net);
        double cost;
        try (PartitionedData d = PartitionedData.of(SparkTestSession.rows(rows, schema, 2), "x", "y", net, mse, 50);
             FullBatchObjective objective = new FullBatchObjective(d, net, mse)) {
            cost = objective.evaluate(actual);
        }
        assertEquals(expectedCost, cost, 1e-12 * expectedCost);
        double e = SparkTestSession.relativeError(flat(actual, net), flat(expected, net));
        assertTrue(e <= 1e-12, "gradient relative error " + e);
    }

    static double[] flat(Gradients g, Network net) {
        double[] out = new double[net.parameterCount()];
        FlatParameters.add(g, 1.0, out, 0);
        return out;
    }
}
