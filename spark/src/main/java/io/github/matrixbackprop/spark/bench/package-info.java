/** The throughput benchmark of the Spark training modes ({@link io.github.matrixbackprop.spark.bench.SparkTrainingBench}). */
package io.github.matrixbackprop.spark.bench;
