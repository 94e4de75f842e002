package io.github.matrixbackprop.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The columns a {@link NetworkModel} adds, and their types. */
final class Outputs {

    private Outputs() {
    }

    /**
     * {@code schema} with the prediction column (a double for a classifier or one output, else a
     * vector of {@code n_L} values) and, for a classifier, the probability column (a vector) unless
     * its name is empty. Checks the features column and that the new columns do not exist yet.
     */
    static StructType schema(StructType schema, String featuresCol, String predictionCol, String probabilityCol,
                             boolean classifier, int outputs) {
        Columns.requireVector(schema, featuresCol, "features");
        Columns.requireAbsent(schema, predictionCol, "prediction");
        List<StructField> fields = new ArrayList<>(List.of(schema.fields()));
        DataType prediction = classifier || outputs == 1 ? DataTypes.DoubleType : SQLDataTypes.VectorType();
        fields.add(DataTypes.createStructField(predictionCol, prediction, false));
        if (withProbability(classifier, probabilityCol)) {
            Columns.requireAbsent(schema, probabilityCol, "probability");
            fields.add(DataTypes.createStructField(probabilityCol, SQLDataTypes.VectorType(), false));
        }
        return DataTypes.createStructType(fields);
    }

    /** Whether the probability column is written. */
    static boolean withProbability(boolean classifier, String probabilityCol) {
        return classifier && probabilityCol != null && !probabilityCol.isEmpty();
    }
}
