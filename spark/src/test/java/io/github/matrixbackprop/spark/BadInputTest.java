package io.github.matrixbackprop.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Bad input fails before training with a message naming the column and the row (its index in the
 * DataFrame, and within its partition), and leaves nothing cached.
 */
class BadInputTest {

    private static final Loss LOSS = Losses.softmaxCrossEntropy();
    private static final Network NET =
            Network.builder(4).dense(5, Activations.relu()).dense(3, Activations.softmax()).seed(1).build();

    /** 200 good rows (features of width 4, labels 0..2) in 2 partitions of 100, row {@code bad} replaced. */
    private static Dataset<Row> frame(int bad, Object features, Object label) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(i == bad ? RowFactory.create(features, label)
                    : RowFactory.create(Vectors.dense(i, 1, 2, 3), (double) (i % 3)));
        }
        return SparkTestSession.rows(rows, SparkTestSession.schema(), 2);
    }

    private static String failure(Dataset<Row> frame) {
        int cached = SparkTestSession.get().sparkContext().getPersistentRDDs().size();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PartitionedData.of(frame, NET, LOSS));
        assertEquals(cached, SparkTestSession.get().sparkContext().getPersistentRDDs().size(), "nothing stays cached");
        return e.getMessage();
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsPresent() {
        Dataset<Row> frame = frame(-1, null, null).withColumnRenamed("features", "x");
        assertEquals("the DataFrame has no features column 'features'; its columns are [x, label]", failure(frame));
        NetworkEstimator estimator = new NetworkEstimator().setNetwork(NET).setLoss(LOSS).setLabelCol("y");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> estimator.fit(frame(-1, null, null)));
        assertEquals("the DataFrame has no label column 'y'; its columns are [features, label]", e.getMessage());
    }

    @Test
    void aColumnOfTheWrongTypeIsNamed() {
        Dataset<Row> frame = frame(-1, null, null).withColumn("features", org.apache.spark.sql.functions.lit(1.0));
        assertEquals("features column 'features' holds double but must hold vectors"
                + " (org.apache.spark.ml.linalg.Vector); VectorAssembler makes them from numeric columns", failure(frame));
    }

    @Test
    void aVectorOfTheWrongWidthNamesTheRow() {
        assertEquals("column 'features' of row 150 (row 50 of partition 1) has 3 values but the network takes 4"
                + " inputs", failure(frame(150, Vectors.dense(1, 2, 3), 0.0)));
    }

    @Test
    void aNonFiniteFeatureNamesTheRowAndTheIndex() {
        assertEquals("column 'features' of row 7 (row 7 of partition 0) holds NaN at index 2 (features must be"
                + " finite)", failure(frame(7, Vectors.dense(1, 2, Double.NaN, 3), 0.0)));
        assertEquals("column 'features' of row 199 (row 99 of partition 1) holds Infinity at index 3 (features"
                + " must be finite)", failure(frame(199, Vectors.sparse(4, new int[] {3},
                        new double[] {Double.POSITIVE_INFINITY}), 0.0)));
    }

    @Test
    void aLabelOutOfRangeNamesTheRow() {
        assertEquals("column 'label' of row 120 (row 20 of partition 1) holds 3.0 but a label must be a class index"
                + " 0..2 (the network has 3 outputs, one per class)", failure(frame(120, Vectors.dense(1, 2, 3, 4), 3.0)));
        assertEquals("column 'label' of row 0 (row 0 of partition 0) holds 1.5 but a label must be a class index"
                + " 0..2 (the network has 3 outputs, one per class)", failure(frame(0, Vectors.dense(1, 2, 3, 4), 1.5)));
        assertEquals("column 'label' of row 42 (row 42 of partition 0) is null",
                failure(frame(42, Vectors.dense(1, 2, 3, 4), null)));
    }

    @Test
    void numericLabelsForSeveralRegressionOutputsAreRefused() {
        Network three = Network.builder(4).dense(3, Activations.identity()).seed(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PartitionedData.of(frame(-1, null, null), three, Losses.mse()));
        assertEquals("label column 'label' holds numbers, the targets of a network with one output, but the network"
                + " has 3 outputs and the loss mse is not a classification loss; give the labels as vectors of 3"
                + " values", e.getMessage());
    }

    @Test
    void theEstimatorNeedsANetworkAndALoss() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NetworkEstimator().setLoss(LOSS).fit(frame(-1, null, null)));
        assertEquals("the estimator's network is not set; call setNetwork before fitting", e.getMessage());
    }

    @Test
    void transformingARowOfTheWrongWidthNamesItWithinItsPartition() {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("features", SQLDataTypes.VectorType(), true)));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(RowFactory.create(i == 8 ? Vectors.dense(1, 2) : Vectors.dense(1, 2, 3, 4)));
        }
        NetworkModel model = new NetworkModel("m", NET, null, LOSS,
                new SparkTrainingResult(TrainingMode.FULL_BATCH, List.of(), 0, 0));
        Exception e = assertThrows(Exception.class,
                () -> model.transform(SparkTestSession.rows(rows, schema, 2)).collectAsList());
        Throwable cause = e;
        while (cause != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertTrue(cause != null, "the cause names the row: " + e);
        assertEquals("column 'features' of row 3 of partition 1 has 2 values but the network takes 4 inputs",
                cause.getMessage());
    }
}
