package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.kernel.Kernels;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.network.Predictor;
import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ejml.data.DMatrixRMaj;

/**
 * A partition's rows with the model's outputs appended, computed a chunk of rows at a time: the
 * features of up to {@link #CHUNK} rows are scaled into one matrix and run through a
 * {@link Predictor} (no allocation per chunk), then each row is copied with its prediction (and
 * probability vector) added.
 */
final class PredictRows implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /** Rows per forward pass. */
    static final int CHUNK = 256;

    private final Architecture architecture;
    private final double[] parameters;
    private final double[] shift;
    private final double[] scale;
    private final int featureIndex;
    private final String featuresCol;
    private final boolean classifier;
    private final boolean probability;

    PredictRows(Architecture architecture, double[] parameters, double[] shift, double[] scale, int featureIndex,
                String featuresCol, boolean classifier, boolean probability) {
        this.architecture = architecture;
        this.parameters = parameters;
        this.shift = shift;
        this.scale = scale;
        this.featureIndex = featureIndex;
        this.featuresCol = featuresCol;
        this.classifier = classifier;
        this.probability = probability;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Network network = architecture.build(parameters);
        TaskContext task = TaskContext.get();
        Predictor predictor = new Predictor(network, Kernels.withThreads(task != null ? Math.max(1, task.cpus()) : 1));
        int partition = task != null ? task.partitionId() : 0;
        int n0 = architecture.inputs();
        DMatrixRMaj x = new DMatrixRMaj(CHUNK, n0);
        DMatrixRMaj out = new DMatrixRMaj(CHUNK, architecture.outputs());
        List<Row> chunk = new ArrayList<>(CHUNK);
        return new Iterator<>() {
            private int next;
            private int seen;

            @Override
            public boolean hasNext() {
                if (next < chunk.size()) {
                    return true;
                }
                chunk.clear();
                next = 0;
                while (chunk.size() < CHUNK && rows.hasNext()) {
                    chunk.add(rows.next());
                }
                if (chunk.isEmpty()) {
                    return false;
                }
                x.reshape(chunk.size(), n0);
                for (int i = 0; i < chunk.size(); i++) {
                    features(chunk.get(i).get(featureIndex), x.data, i * n0, partition, seen + i);
                }
                seen += chunk.size();
                predictor.predict(x, out);
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = chunk.get(next);
                Row result = withOutputs(row, out, next);
                next++;
                return result;
            }
        };
    }

    /** Copies a features vector, scaled, into {@code x[offset..offset+n_0)}; throws naming the row if it is bad. */
    private void features(Object value, double[] x, int offset, int partition, int row) {
        int n0 = architecture.inputs();
        String problem = null;
        if (value == null) {
            problem = "is null";
        } else {
            Vector v = (Vector) value;
            if (v.size() != n0) {
                problem = "has " + v.size() + " values but the network takes " + n0 + " inputs";
            } else {
                if (v instanceof SparseVector) {
                    java.util.Arrays.fill(x, offset, offset + n0, 0.0);
                }
                double[] values = v instanceof DenseVector d ? d.values() : ((SparseVector) v).values();
                int[] indices = v instanceof SparseVector s ? s.indices() : null;
                for (int k = 0; k < values.length && problem == null; k++) {
                    int c = indices == null ? k : indices[k];
                    if (!Double.isFinite(values[k])) {
                        problem = "holds " + values[k] + " at index " + c + " (features must be finite)";
                    }
                    x[offset + c] = values[k];
                }
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("column " + Checks.quote(featuresCol) + " of row " + row
                    + " of partition " + partition + " " + problem);
        }
        if (shift != null) {
            for (int c = 0; c < n0; c++) {
                x[offset + c] = (x[offset + c] - shift[c]) / scale[c];
            }
        }
    }

    /** {@code row} with the prediction (and probability) of output row {@code i} appended. */
    private Row withOutputs(Row row, DMatrixRMaj out, int i) {
        int width = row.length();
        Object[] values = new Object[width + (probability ? 2 : 1)];
        for (int c = 0; c < width; c++) {
            values[c] = row.get(c);
        }
        int nL = out.numCols;
        double[] a = new double[nL];
        System.arraycopy(out.data, i * nL, a, 0, nL);
        if (classifier) {
            double[] p = nL == 1 ? new double[] {1 - a[0], a[0]} : a;
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            values[width] = (double) best;
            if (probability) {
                values[width + 1] = Vectors.dense(p);
            }
        } else {
            values[width] = nL == 1 ? (Object) a[0] : Vectors.dense(a);
        }
        return RowFactory.create(values);
    }
}
