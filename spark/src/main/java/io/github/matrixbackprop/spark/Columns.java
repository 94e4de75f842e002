package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.util.Checks;
import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Checks of a DataFrame's schema, with messages that name the column and list what is there. */
final class Columns {

    private Columns() {
    }

    /** The field {@code name}; throws naming it and the columns present if there is none. */
    static StructField require(StructType schema, String name, String role) {
        Checks.notNull(name, role + " column name");
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("the DataFrame has no " + role + " column " + Checks.quote(name)
                + "; its columns are " + Arrays.toString(schema.fieldNames()));
    }

    /** The field {@code name}, which must hold {@code org.apache.spark.ml.linalg.Vector}s. */
    static StructField requireVector(StructType schema, String name, String role) {
        StructField f = require(schema, name, role);
        if (!isVector(f.dataType())) {
            throw new IllegalArgumentException(role + " column " + Checks.quote(name) + " holds "
                    + f.dataType().simpleString() + " but must hold vectors (org.apache.spark.ml.linalg.Vector);"
                    + " VectorAssembler makes them from numeric columns");
        }
        return f;
    }

    /** The label field {@code name}, which must hold numbers or vectors. */
    static StructField requireLabel(StructType schema, String name) {
        StructField f = require(schema, name, "label");
        if (!(f.dataType() instanceof NumericType) && !isVector(f.dataType())) {
            throw new IllegalArgumentException("label column " + Checks.quote(name) + " holds "
                    + f.dataType().simpleString() + " but must hold numbers (class indices or values) or vectors"
                    + " (org.apache.spark.ml.linalg.Vector)");
        }
        return f;
    }

    /** Throws if the schema already has a column {@code name} (an output column would overwrite it). */
    static void requireAbsent(StructType schema, String name, String role) {
        Checks.notNull(name, role + " column name");
        if (Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("the " + role + " column " + Checks.quote(name) + " already exists in"
                    + " the DataFrame; choose another name for it");
        }
    }

    /** Whether {@code type} is Spark ML's vector type. */
    static boolean isVector(DataType type) {
        return type.equals(SQLDataTypes.VectorType());
    }
}
