/** Datasets: samples (one per row) with their targets. */
package io.github.matrixbackprop.data;
