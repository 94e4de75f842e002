package io.github.matrixbackprop.kernel;

import org.ejml.data.DMatrixRMaj;

/** The two vector-broadcast operations of the engine, one pass each over a row-major matrix. */
public final class RowOps {

    private RowOps() {
    }

    /**
     * {@code z += b 1_m^T}: adds {@code b} ({@code n x 1}) to every column of {@code z} ({@code n x m}).
     *
     * @param z {@code n x m}; modified in place
     * @param b {@code n x 1}; not modified
     */
    public static void addToColumns(DMatrixRMaj z, DMatrixRMaj b) {
        int m = z.numCols;
        double[] zd = z.data;
        for (int r = 0; r < z.numRows; r++) {
            double br = b.data[r];
            int off = r * m;
            for (int i = 0; i < m; i++) {
                zd[off + i] += br;
            }
        }
    }

    /**
     * {@code out = d 1_m}: the row sums of {@code d} ({@code n x m}) into {@code out} ({@code n x 1}).
     *
     * @param d {@code n x m}; not modified
     * @param out receives the sums, {@code n x 1}
     */
    public static void rowSums(DMatrixRMaj d, DMatrixRMaj out) {
        int m = d.numCols;
        double[] dd = d.data;
        for (int r = 0; r < d.numRows; r++) {
            double s = 0.0;
            int off = r * m;
            for (int i = 0; i < m; i++) {
                s += dd[off + i];
            }
            out.data[r] = s;
        }
    }
}
