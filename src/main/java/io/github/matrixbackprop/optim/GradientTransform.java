package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.backprop.Gradients;

/**
 * A transformation of the gradient applied before the optimizer's update (clipping, for
 * example); composable with any optimizer through {@link Optimizers#chain}.
 * Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface GradientTransform {

    /**
     * Transforms {@code g} in place.
     *
     * @param g the gradients; modified in place
     */
    void apply(Gradients g);
}
