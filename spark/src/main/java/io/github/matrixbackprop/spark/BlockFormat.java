package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.loss.Loss;
import java.io.Serializable;

/**
 * How rows become blocks: which columns, how many features and outputs, how a label becomes a
 * target row, and the most rows per block.
 *
 * @param featuresCol the name of the features column (a {@code Vector} of {@code n_0} values)
 * @param labelCol the name of the label column
 * @param inputs {@code n_0}
 * @param outputs {@code n_L}
 * @param encoding how a label becomes a target row
 * @param loss the loss, which also checks target rows given as values
 * @param blockRows the most rows per block
 */
record BlockFormat(String featuresCol, String labelCol, int inputs, int outputs, LabelEncoding encoding,
                   ShippedRecord<Loss> loss, int blockRows) implements Serializable {
}
