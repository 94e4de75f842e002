/**
 * Mini-batch training: the trainer, its configuration, listeners (epoch lines, a per-batch
 * progress bar, a history recorder), reports, the training history as CSV, and metrics.
 */
package io.github.matrixbackprop.train;
