package io.github.matrixbackprop.spark;

import java.io.Serializable;
import org.ejml.data.DMatrixRMaj;

/**
 * Consecutive rows of one partition as two matrices, the unit in which the data is cached and
 * computed on: {@code x} ({@code rows x n_0}, one sample per row) and the targets {@code y}
 * ({@code rows x n_L}). A block that failed validation holds no matrices but the first bad row
 * (counted within its partition), the column and the problem, for the driver to report with the
 * row's index in the DataFrame.
 */
final class RowBlock implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The partition this block belongs to. */
    final int partition;
    /** The index within its partition of the block's first row. */
    final int firstRow;
    /** The features, {@code rows x n_0}; null in a failed block. */
    final DMatrixRMaj x;
    /** The targets, {@code rows x n_L}; null in a failed block. */
    final DMatrixRMaj y;
    /** The column whose value is bad, or null. */
    final String badColumn;
    /** What is wrong, completing "column 'c' of row r ...", or null. */
    final String problem;

    private RowBlock(int partition, int firstRow, DMatrixRMaj x, DMatrixRMaj y, String badColumn, String problem) {
        this.partition = partition;
        this.firstRow = firstRow;
        this.x = x;
        this.y = y;
        this.badColumn = badColumn;
        this.problem = problem;
    }

    /** A valid block. */
    static RowBlock of(int partition, int firstRow, DMatrixRMaj x, DMatrixRMaj y) {
        return new RowBlock(partition, firstRow, x, y, null, null);
    }

    /** A failed block: row {@code row} of the partition has a bad value in {@code column}. */
    static RowBlock failed(int partition, int row, String column, String problem) {
        return new RowBlock(partition, row, null, null, column, problem);
    }

    /** Whether the block failed validation. */
    boolean failed() {
        return problem != null;
    }

    /** The number of rows (0 for a failed block). */
    int rows() {
        return x == null ? 0 : x.numRows;
    }

    /** The same rows with other features (same shape as {@link #x}). */
    RowBlock withFeatures(DMatrixRMaj features) {
        return new RowBlock(partition, firstRow, features, y, null, null);
    }

    /** What the driver needs to know of the block. */
    BlockSummary summary() {
        return new BlockSummary(partition, firstRow, rows(), badColumn, problem);
    }

    /**
     * The driver's view of a block.
     *
     * @param partition the partition
     * @param firstRow the index within the partition of the first row (of the bad row, for a failed block)
     * @param rows the number of rows
     * @param badColumn the column of a failed block, or null
     * @param problem what is wrong, or null
     */
    record BlockSummary(int partition, int firstRow, int rows, String badColumn, String problem)
            implements Serializable {
    }
}
