package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.data.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ejml.data.DMatrixRMaj;

/**
 * The one local Spark session of the test JVM ({@code local[2]}, no UI, two shuffle partitions),
 * shared by every test class so that the suite starts Spark once, and DataFrames made from the
 * library's datasets with a chosen number of partitions.
 */
final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {
    }

    /** The shared session, started on first use. */
    static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("matrix-backprop-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return session;
    }

    /** The schema of {@link #frame}: {@code features} (vector) and {@code label} (double). */
    static StructType schema() {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField("features", SQLDataTypes.VectorType(), true),
                DataTypes.createStructField("label", DataTypes.DoubleType, true)));
    }

    /**
     * A DataFrame of {@code data}'s rows, in order, in {@code partitions} contiguous partitions: the
     * features as a dense vector, the label the class index of the one-hot target row (or its only
     * value for one-column targets).
     */
    static Dataset<Row> frame(io.github.matrixbackprop.data.Dataset data, int partitions) {
        DMatrixRMaj x = data.features();
        DMatrixRMaj y = data.targets();
        int[] classes = y.numCols > 1 ? Labels.classes(y) : null;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.numRows; i++) {
            double[] f = Arrays.copyOfRange(x.data, i * x.numCols, (i + 1) * x.numCols);
            double label = classes != null ? classes[i] : y.get(i, 0);
            rows.add(RowFactory.create(Vectors.dense(f), label));
        }
        return rows(rows, schema(), partitions);
    }

    /**
     * A DataFrame of these rows, in order, in {@code partitions} contiguous partitions: a {@code range}
     * mapped to a broadcast copy of the rows, so that the tasks stay small (a DataFrame made from a
     * local list would carry its rows in every task of every job on it, cached or not).
     */
    static Dataset<Row> rows(List<Row> rows, StructType schema, int partitions) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(get().sparkContext());
        Broadcast<List<Row>> all = jsc.broadcast(new ArrayList<>(rows));
        return get().range(0, rows.size(), 1, partitions)
                .map((MapFunction<Long, Row>) i -> all.value().get((int) (long) i), Encoders.row(schema));
    }

    /** The largest absolute difference of two equally long arrays, over the largest magnitude of {@code b}. */
    static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            max = Math.max(max, Math.abs(b[i]));
        }
        return diff / max;
    }
}
