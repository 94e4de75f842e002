package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.spark.RowBlock.BlockSummary;
import io.github.matrixbackprop.util.Checks;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.ejml.data.DMatrixRMaj;

/**
 * A DataFrame's training data, validated and cached on the executors as blocks of rows: in each
 * partition, consecutive rows become a features matrix {@code X_b} ({@code m_b x n_0}, one sample
 * per row) and a target matrix {@code Y_b} ({@code m_b x n_L}) of at most {@code blockRows} rows.
 * The training modes compute on these matrices with the library's engine; no per-row object is
 * touched after this one pass.
 *
 * <p>Rows are numbered as the DataFrame orders them: the rows of partition 0, then those of
 * partition 1, and so on, from 0 (the numbering of {@code JavaRDD.zipWithIndex}). The numbers come
 * from the row counts of the same pass that builds the blocks, so no extra job is run. They are
 * the row numbers in error messages and the global indices mode 2 samples its mini-batches from;
 * {@link #collect()} returns the rows in this order.
 *
 * <p>Validation: the features column must hold {@code org.apache.spark.ml.linalg.Vector}s of
 * {@code n_0} finite values; the label column numbers or vectors. How a label becomes a target
 * row depends on the loss: for {@code softmax_cross_entropy} a class index {@code k} in
 * {@code 0..n_L-1} becomes the one-hot row {@code e_k}; for {@code binary_cross_entropy} with one
 * output the label must be 0 or 1; for the regression losses a number is the target of the one
 * output; a vector label of {@code n_L} values is the target row itself, for any loss (checked by
 * {@link Loss#checkTargets}). A violation throws an {@link IllegalArgumentException} naming the
 * column, the row and the value, and nothing stays cached.
 *
 * <p>The blocks are persisted with {@code MEMORY_AND_DISK}; {@link #close()} unpersists them.
 * The object lives on the driver and is not thread-safe.
 */
public final class PartitionedData implements AutoCloseable {

    /** The default number of rows per block. */
    public static final int DEFAULT_BLOCK_ROWS = 1024;

    private final JavaRDD<RowBlock> blocks;
    private final BlockFormat format;
    private final int[] partitionRows;
    private final int[] offsets;
    private final int rows;

    private PartitionedData(JavaRDD<RowBlock> blocks, BlockFormat format, int[] partitionRows) {
        this.blocks = blocks;
        this.format = format;
        this.partitionRows = partitionRows;
        this.offsets = new int[partitionRows.length];
        int total = 0;
        for (int p = 0; p < partitionRows.length; p++) {
            offsets[p] = total;
            total += partitionRows[p];
        }
        this.rows = total;
    }

    /**
     * The rows of {@code frame} as cached blocks for training {@code network} with {@code loss},
     * from the columns {@code features} and {@code label}, {@link #DEFAULT_BLOCK_ROWS} rows per block.
     *
     * @param frame the training data; not modified
     * @param network the network to be trained (its widths {@code n_0} and {@code n_L} are read)
     * @param loss the loss (it decides how labels become targets)
     * @return the validated, cached data
     * @throws IllegalArgumentException as {@link #of(Dataset, String, String, Network, Loss, int)}
     */
    public static PartitionedData of(Dataset<Row> frame, Network network, Loss loss) {
        return of(frame, "features", "label", network, loss, DEFAULT_BLOCK_ROWS);
    }

    /**
     * The rows of {@code frame} as cached blocks for training {@code network} with {@code loss}.
     * Runs one Spark job, which builds, validates, caches and counts the blocks.
     *
     * @param frame the training data; not modified
     * @param featuresCol the name of the features column ({@code Vector}s of {@code n_0} values)
     * @param labelCol the name of the label column (numbers or vectors, see the class comment)
     * @param network the network to be trained (its widths {@code n_0} and {@code n_L} are read)
     * @param loss the loss (it decides how labels become targets)
     * @param blockRows the most rows per block, {@code > 0}
     * @return the validated, cached data
     * @throws IllegalArgumentException if a column is missing or of the wrong type (naming it and the
     *                                  columns present), if numeric labels meet a network with several
     *                                  outputs and a regression loss, if the DataFrame is empty or has
     *                                  {@code 2^31} rows or more, or if a row is invalid (naming the
     *                                  column, the row and the value); nothing stays cached then
     */
    public static PartitionedData of(Dataset<Row> frame, String featuresCol, String labelCol, Network network,
                                     Loss loss, int blockRows) {
        Checks.notNull(frame, "DataFrame");
        Checks.notNull(network, "network");
        Checks.notNull(loss, "loss");
        Checks.positive(blockRows, "rows per block");
        StructType schema = frame.schema();
        Columns.requireVector(schema, featuresCol, "features");
        boolean vectorLabels = Columns.isVector(Columns.requireLabel(schema, labelCol).dataType());
        LabelEncoding encoding = LabelEncoding.of(loss, vectorLabels);
        if (encoding == LabelEncoding.VALUE && network.outputSize() != 1) {
            throw new IllegalArgumentException("label column " + Checks.quote(labelCol) + " holds numbers, the targets"
                    + " of a network with one output, but the network has " + network.outputSize() + " outputs and"
                    + " the loss " + loss.name() + " is not a classification loss; give the labels as vectors of "
                    + network.outputSize() + " values");
        }
        BlockFormat format = new BlockFormat(featuresCol, labelCol, network.inputSize(), network.outputSize(),
                encoding, ShippedRecord.of(loss, "loss"), blockRows);
        JavaRDD<RowBlock> blocks = frame.select(functions.col(featuresCol), functions.col(labelCol)).javaRDD()
                .mapPartitionsWithIndex(new BlockBuilder(format), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<BlockSummary> summaries;
        try {
            summaries = blocks.map(RowBlock::summary).collect();
        } catch (RuntimeException e) {
            blocks.unpersist(false);
            throw e;
        }
        int[] counts = new int[blocks.getNumPartitions()];
        long total = 0;
        for (BlockSummary s : summaries) {
            if (s.problem() != null) {
                blocks.unpersist(false);
                long row = total + s.firstRow();
                throw new IllegalArgumentException("column " + Checks.quote(s.badColumn()) + " of row " + row + " (row "
                        + s.firstRow() + " of partition " + s.partition() + ") " + s.problem());
            }
            counts[s.partition()] += s.rows();
            total += s.rows();
        }
        if (total == 0 || total > Integer.MAX_VALUE) {
            blocks.unpersist(false);
            throw new IllegalArgumentException(total == 0 ? "the DataFrame has no rows"
                    : "the DataFrame has " + total + " rows; at most " + Integer.MAX_VALUE + " are supported");
        }
        return new PartitionedData(blocks, format, counts);
    }

    /**
     * {@code m}, the number of rows.
     *
     * @return the number of rows
     */
    public int rowCount() {
        return rows;
    }

    /**
     * The number of partitions (some may be empty).
     *
     * @return the number of partitions
     */
    public int partitionCount() {
        return partitionRows.length;
    }

    /**
     * {@code m_p} for every partition {@code p}.
     *
     * @return a new array of the partitions' row counts
     */
    public int[] partitionRowCounts() {
        return partitionRows.clone();
    }

    /**
     * The width {@code n_0} of a features row.
     *
     * @return {@code n_0}
     */
    public int inputs() {
        return format.inputs();
    }

    /**
     * The width {@code n_L} of a target row.
     *
     * @return {@code n_L}
     */
    public int outputs() {
        return format.outputs();
    }

    /**
     * All rows on the driver, in the order of the class comment, as the library's dataset: features
     * {@code m x n_0} and targets {@code m x n_L} (one-hot rows for class indices). For tests and
     * small data; the single-machine reference of the training modes.
     *
     * @return a new dataset of every row
     */
    public io.github.matrixbackprop.data.Dataset collect() {
        DMatrixRMaj x = new DMatrixRMaj(rows, format.inputs());
        DMatrixRMaj y = new DMatrixRMaj(rows, format.outputs());
        for (RowBlock b : blocks.collect()) {
            int at = offsets[b.partition] + b.firstRow;
            System.arraycopy(b.x.data, 0, x.data, at * format.inputs(), b.x.getNumElements());
            System.arraycopy(b.y.data, 0, y.data, at * format.outputs(), b.y.getNumElements());
        }
        return new io.github.matrixbackprop.data.Dataset(x, y);
    }

    /**
     * The same rows with the features scaled, {@code x' = (x - shift) / scale} column by column
     * (as {@link Scaler#apply(DMatrixRMaj)} computes it), cached as new blocks; this data stays
     * cached until closed. Runs one Spark job.
     *
     * @param scaler the scaling, fitted e.g. by {@link SparkScaling}; its width must be {@code n_0}
     * @return the scaled data, to be closed separately
     * @throws IllegalArgumentException if the scaler's width is not {@code n_0}
     */
    public PartitionedData scaled(Scaler scaler) {
        Checks.notNull(scaler, "scaler");
        if (scaler.shift().length != format.inputs()) {
            throw new IllegalArgumentException("the scaler was fitted on " + scaler.shift().length + " columns but the"
                    + " features have " + format.inputs());
        }
        double[] shift = scaler.shift();
        double[] scale = scaler.scale();
        JavaRDD<RowBlock> scaled = blocks.map(b -> b.withFeatures(scale(b.x, shift, scale)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        scaled.count();
        return new PartitionedData(scaled, format, partitionRows);
    }

    private static DMatrixRMaj scale(DMatrixRMaj x, double[] shift, double[] scale) {
        DMatrixRMaj out = new DMatrixRMaj(x.numRows, x.numCols);
        for (int r = 0; r < x.numRows; r++) {
            for (int c = 0; c < x.numCols; c++) {
                int i = r * x.numCols + c;
                out.data[i] = (x.data[i] - shift[c]) / scale[c];
            }
        }
        return out;
    }

    /** Unpersists the cached blocks. */
    @Override
    public void close() {
        blocks.unpersist(false);
    }

    /** The cached blocks, in partition order. */
    JavaRDD<RowBlock> blocks() {
        return blocks;
    }

    /** How rows became blocks. */
    BlockFormat format() {
        return format;
    }

    /** The global index of the first row of partition {@code p}. */
    int offset(int p) {
        return offsets[p];
    }
}
