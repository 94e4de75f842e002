/**
 * The backpropagation engine (E1-E4b of math.md), its gradients and workspaces. Depends on
 * {@code network}, {@code activation}, {@code loss} and {@code kernel} only; never on the
 * optimizers or the training loop.
 */
package io.github.matrixbackprop.backprop;
