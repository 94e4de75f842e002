package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.loss.Loss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.ejml.data.DMatrixRMaj;

/**
 * Turns the rows of one partition, {@code (features, label)}, into {@link RowBlock}s of at most
 * {@link BlockFormat#blockRows()} rows, validating every value on the way: a null, a vector of the
 * wrong width, a value that is not finite, a label that is not a valid target. The first bad row
 * ends the partition with a failed block that names it (counted within the partition); the driver
 * turns that into the row's index in the DataFrame.
 */
final class BlockBuilder implements Function2<Integer, Iterator<Row>, Iterator<RowBlock>> {

    private static final long serialVersionUID = 1L;

    private final BlockFormat format;

    BlockBuilder(BlockFormat format) {
        this.format = format;
    }

    @Override
    public Iterator<RowBlock> call(Integer partition, Iterator<Row> rows) {
        int n0 = format.inputs();
        int nL = format.outputs();
        int capacity = format.blockRows();
        Loss loss = format.encoding() == LabelEncoding.CLASS_INDEX ? null : format.loss().get();
        DMatrixRMaj target = new DMatrixRMaj(nL, 1);
        List<RowBlock> out = new ArrayList<>();
        double[] x = new double[capacity * n0];
        double[] y = new double[capacity * nL];
        int filled = 0;
        int first = 0;
        int r = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            String problem = features(row.get(0), x, filled * n0);
            if (problem != null) {
                return List.of(RowBlock.failed(partition, r, format.featuresCol(), problem)).iterator();
            }
            problem = label(row.get(1), y, filled * nL, loss, target);
            if (problem != null) {
                return List.of(RowBlock.failed(partition, r, format.labelCol(), problem)).iterator();
            }
            filled++;
            r++;
            if (filled == capacity) {
                out.add(RowBlock.of(partition, first, DMatrixRMaj.wrap(filled, n0, x), DMatrixRMaj.wrap(filled, nL, y)));
                x = new double[capacity * n0];
                y = new double[capacity * nL];
                first = r;
                filled = 0;
            }
        }
        if (filled > 0) {
            out.add(RowBlock.of(partition, first, DMatrixRMaj.wrap(filled, n0, Arrays.copyOf(x, filled * n0)),
                    DMatrixRMaj.wrap(filled, nL, Arrays.copyOf(y, filled * nL))));
        }
        return out.iterator();
    }

    /** Copies a features vector into {@code x[offset..offset+n_0)}; returns the problem, or null. */
    private String features(Object value, double[] x, int offset) {
        if (value == null) {
            return "is null";
        }
        Vector v = (Vector) value;
        if (v.size() != format.inputs()) {
            return "has " + v.size() + " values but the network takes " + format.inputs() + " inputs";
        }
        if (v instanceof DenseVector d) {
            double[] values = d.values();
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    return "holds " + values[i] + " at index " + i + " (features must be finite)";
                }
            }
            System.arraycopy(values, 0, x, offset, values.length);
        } else {
            SparseVector s = (SparseVector) v;
            int[] indices = s.indices();
            double[] values = s.values();
            Arrays.fill(x, offset, offset + format.inputs(), 0.0);
            for (int k = 0; k < indices.length; k++) {
                if (!Double.isFinite(values[k])) {
                    return "holds " + values[k] + " at index " + indices[k] + " (features must be finite)";
                }
                x[offset + indices[k]] = values[k];
            }
        }
        return null;
    }

    /** Writes the target row of a label into {@code y[offset..offset+n_L)}; returns the problem, or null. */
    private String label(Object value, double[] y, int offset, Loss loss, DMatrixRMaj target) {
        if (value == null) {
            return "is null";
        }
        int nL = format.outputs();
        switch (format.encoding()) {
            case CLASS_INDEX -> {
                double k = ((Number) value).doubleValue();
                if (nL == 1) {
                    if (k != 0.0 && k != 1.0) {
                        return "holds " + k + " but a label must be 0 or 1 (the network has one output)";
                    }
                    y[offset] = k;
                } else {
                    if (!(k >= 0 && k < nL && k == Math.rint(k))) {
                        return "holds " + k + " but a label must be a class index 0.." + (nL - 1) + " (the network"
                                + " has " + nL + " outputs, one per class)";
                    }
                    Arrays.fill(y, offset, offset + nL, 0.0);
                    y[offset + (int) k] = 1.0;
                }
                return null;
            }
            case VALUE -> {
                double v = ((Number) value).doubleValue();
                if (!Double.isFinite(v)) {
                    return "holds " + v + " (labels must be finite)";
                }
                y[offset] = v;
            }
            default -> {
                Vector v = (Vector) value;
                if (v.size() != nL) {
                    return "has " + v.size() + " values but the network has " + nL + " outputs";
                }
                for (int k = 0; k < nL; k++) {
                    y[offset + k] = v.apply(k);
                    if (!Double.isFinite(y[offset + k])) {
                        return "holds " + y[offset + k] + " at index " + k + " (labels must be finite)";
                    }
                }
            }
        }
        System.arraycopy(y, offset, target.data, 0, nL);
        try {
            loss.checkTargets(target);
        } catch (IllegalArgumentException e) {
            return "is not a valid target of the loss: " + e.getMessage();
        }
        return null;
    }
}
