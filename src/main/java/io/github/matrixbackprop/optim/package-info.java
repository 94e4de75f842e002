/**
 * Optimizers that consume the engine's gradients (torch.optim semantics), L-BFGS driven by a
 * {@link io.github.matrixbackprop.optim.CostFunction}, gradient clipping, and learning-rate
 * schedules. The engine does not depend on this package.
 */
package io.github.matrixbackprop.optim;
