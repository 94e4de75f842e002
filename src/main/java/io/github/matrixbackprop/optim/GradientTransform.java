package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.network.Network;

/**
 * A transformation of the gradient applied before the optimizer's update (clipping, for
 * example); composable with any optimizer through {@link Optimizers#chain}, which calls
 * {@link #apply(Gradients, Network)} with the optimizer's network so that a transform may read the
 * current parameters {@code theta} (as {@link L1} does). Implementations are immutable and
 * thread-safe.
 */
@FunctionalInterface
public interface GradientTransform {

    /**
     * Transforms {@code g} in place.
     *
     * @param g the gradients; modified in place
     */
    void apply(Gradients g);

    /**
     * Transforms {@code g} in place, given the parameters {@code theta} the gradient belongs to.
     * The default ignores the parameters and calls {@link #apply(Gradients)}.
     *
     * @param g the gradients, shaped like {@code parameters}; modified in place
     * @param parameters the network whose parameters {@code theta} {@code g} is the gradient of; not modified
     */
    default void apply(Gradients g, Network parameters) {
        apply(g);
    }
}
