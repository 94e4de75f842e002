/**
 * Optimizers that consume the engine's gradients (torch.optim semantics), gradient clipping,
 * and learning-rate schedules. The engine does not depend on this package.
 */
package io.github.matrixbackprop.optim;
