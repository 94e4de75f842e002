/**
 * Costs {@code c(a^L, y)}: batch value, gradient {@code grad_a c}, and the output signal
 * {@code Delta^L} of (E1), fused with the matching output activation where that is stabler.
 */
package io.github.matrixbackprop.loss;
