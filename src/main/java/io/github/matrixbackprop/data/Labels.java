package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/** Class labels to one-hot target rows and back. */
public final class Labels {

    private Labels() {
    }

    /**
     * One row per label with a 1 in column {@code labels[i]}: an {@code m x classes} matrix.
     *
     * @param labels the class of every sample, from 0
     * @param classes the number of classes
     * @return the one-hot matrix
     * @throws IllegalArgumentException naming the first label outside {@code 0..classes-1}
     */
    public static DMatrixRMaj oneHot(int[] labels, int classes) {
        Checks.notNull(labels, "labels");
        Checks.positive(classes, "number of classes");
        DMatrixRMaj y = new DMatrixRMaj(labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is outside 0.."
                        + (classes - 1));
            }
            y.unsafe_set(i, labels[i], 1.0);
        }
        return y;
    }

    /**
     * The class of every row: its arg max (first on ties), or for a single column whether the
     * value is above 0.5.
     *
     * @param rows one-hot targets or network outputs, one sample per row; not modified
     * @return the class of every row
     */
    public static int[] classes(DMatrixRMaj rows) {
        Checks.notNull(rows, "rows");
        int[] out = new int[rows.numRows];
        for (int i = 0; i < rows.numRows; i++) {
            int off = i * rows.numCols;
            if (rows.numCols == 1) {
                out[i] = rows.data[off] > 0.5 ? 1 : 0;
                continue;
            }
            int best = 0;
            for (int k = 1; k < rows.numCols; k++) {
                if (rows.data[off + k] > rows.data[off + best]) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
