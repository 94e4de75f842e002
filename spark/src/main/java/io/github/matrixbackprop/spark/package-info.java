/**
 * Data-parallel training of the library's networks on Apache Spark.
 *
 * <p>The batch gradient is a sum over samples ((E3b) {@code grad_{W^l} C = Delta^l (A^{l-1})^T}
 * splits by columns), so each partition runs the library's engine on its cached blocks of rows and
 * the driver adds the shares, in partition order. Three modes build on that:
 * {@link io.github.matrixbackprop.spark.FullBatchObjective} and
 * {@link io.github.matrixbackprop.spark.FullBatchTraining} (exact full batch),
 * {@link io.github.matrixbackprop.spark.MiniBatchTraining} (synchronous mini-batch, the
 * single-machine trainer's steps) and {@link io.github.matrixbackprop.spark.ModelAveraging}
 * (periodic model averaging, an approximation). {@link io.github.matrixbackprop.spark.NetworkEstimator}
 * and {@link io.github.matrixbackprop.spark.NetworkModel} wrap them as a Spark ML
 * {@code Estimator} and {@code Model}. See docs/spark.md.
 */
package io.github.matrixbackprop.spark;
