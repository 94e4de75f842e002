package io.github.matrixbackprop.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.BundledDatasets;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.data.Labels;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Scaling fitted over the partitions equals the library's {@code Scaler} on the collected features,
 * and sparse feature vectors are cached as the dense rows they stand for.
 */
class SparkScalingTest {

    private static final Network NET =
            Network.builder(64).dense(10, Activations.softmax()).seed(1).build();

    @Test
    void scalersFittedOnTheClusterEqualTheLibrarysOnTheCollectedRows() {
        Dataset digits = BundledDatasets.digits().dataset();
        int[] labels = Labels.classes(digits.targets());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < digits.size(); i++) {
            Vector v = Vectors.dense(Arrays.copyOfRange(digits.features().data, i * 64, (i + 1) * 64));
            rows.add(RowFactory.create(i % 2 == 0 ? v.toSparse() : v, (double) labels[i]));
        }
        try (PartitionedData data = PartitionedData.of(SparkTestSession.rows(rows, SparkTestSession.schema(), 3),
                "features", "label", NET, Losses.softmaxCrossEntropy(), 200)) {
            assertArrayEquals(digits.features().data, data.collect().features().data, "sparse rows cached densely");

            Scaler expected = Scaler.standardize(digits.features());
            Scaler fitted = SparkScaling.standardize(data);
            assertClose(expected.shift(), fitted.shift(), "mean");
            assertClose(expected.scale(), fitted.scale(), "standard deviation");

            Scaler range = SparkScaling.minMax(data);
            assertArrayEquals(Scaler.minMax(digits.features()).shift(), range.shift());
            assertArrayEquals(Scaler.minMax(digits.features()).scale(), range.scale());

            try (PartitionedData scaled = data.scaled(fitted)) {
                DMatrixRMaj reference = expected.apply(digits.features());
                double error = SparkTestSession.relativeError(scaled.collect().features().data, reference.data);
                assertTrue(error <= 1e-12, "scaled features, relative error " + error);
            }
        }
    }

    @Test
    void standardisingHugeValuesDoesNotOverflow() {
        double[][] x = {{1e308, -3}, {-1e308, 4}, {8e307, 5}, {1e308, 6}, {-9e307, 7}};
        List<Row> rows = new ArrayList<>();
        for (double[] r : x) {
            rows.add(RowFactory.create(Vectors.dense(r), 1.0));
        }
        Network two = Network.builder(2).dense(1, Activations.sigmoid()).seed(1).build();
        try (PartitionedData data = PartitionedData.of(SparkTestSession.rows(rows, SparkTestSession.schema(), 2), two,
                Losses.binaryCrossEntropy())) {
            Scaler expected = Scaler.standardize(new DMatrixRMaj(x));
            Scaler fitted = SparkScaling.standardize(data);
            assertClose(expected.shift(), fitted.shift(), "mean");
            assertClose(expected.scale(), fitted.scale(), "standard deviation");
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        for (int c = 0; c < expected.length; c++) {
            double tolerance = 1e-12 * Math.max(1.0, Math.abs(expected[c]));
            assertTrue(Math.abs(expected[c] - actual[c]) <= tolerance, what + " of column " + c + ": "
                    + actual[c] + " but the library's scaler gives " + expected[c]);
        }
    }
}
