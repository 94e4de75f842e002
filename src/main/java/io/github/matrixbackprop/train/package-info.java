/** Mini-batch training: the trainer, its configuration, listeners, reports and metrics. */
package io.github.matrixbackprop.train;
