package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.network.Network;

/**
 * A first-order optimizer bound to one network: each {@link #step} updates every parameter
 * {@code theta} ({@code W^l} and {@code b^l} of every layer) in place from the gradient
 * {@code g = grad_theta C} computed by the engine.
 *
 * <p>Created from an immutable {@link OptimizerSpec}; holds its own mutable state (step count,
 * learning rate, per-parameter buffers such as Adam's moments). Not thread-safe.
 */
public interface Optimizer {

    /**
     * The network whose parameters this optimizer updates.
     *
     * @return the network this optimizer is bound to
     */
    Network network();

    /**
     * Performs one update of every parameter of {@link #network()} from {@code g}; {@code g} is
     * read, not modified.
     *
     * @param g the gradient of the cost by every parameter, shaped like the network's parameters
     * @throws IllegalArgumentException if {@code g} is not shaped like the network's parameters
     */
    void step(Gradients g);

    /**
     * The learning rate the next step uses.
     *
     * @return the current learning rate
     */
    double learningRate();

    /**
     * Sets the learning rate of the next steps (what a schedule does); finite and {@code >= 0}.
     *
     * @param lr the new learning rate
     */
    void setLearningRate(double lr);

    /**
     * The number of steps taken so far ({@code t} in the algorithm boxes; the first step is {@code t = 1}).
     *
     * @return the step count {@code t}
     */
    long stepCount();

    /**
     * A copy of the whole mutable state, for saving or for restoring with {@link #restore}.
     *
     * @return an independent copy of the state
     */
    OptimizerState state();

    /**
     * Replaces the mutable state with {@code state}, which must come from an optimizer of the same
     * kind on a network of the same shape.
     *
     * @param state the state to restore; not modified (it is copied)
     * @throws IllegalArgumentException naming what does not fit
     */
    void restore(OptimizerState state);

    /**
     * A holder for this optimizer's mutable state (step count, learning rate and buffers) that
     * can save it and put it back, e.g. to undo a step whose result was not finite. The built-in
     * optimizers save into buffers allocated once, so a save per step allocates nothing; the
     * default, for an optimizer of your own, saves through {@link #state()} and
     * {@link #restore(OptimizerState)}.
     *
     * @return a new checkpoint bound to this optimizer, holding nothing yet
     */
    default Checkpoint checkpoint() {
        Optimizer self = this;
        return new Checkpoint() {
            private OptimizerState saved;

            @Override
            public void save() {
                saved = self.state();
            }

            @Override
            public void restore() {
                if (saved == null) {
                    throw new IllegalStateException("the checkpoint of " + self.getClass().getSimpleName()
                            + " holds no state: save() was never called");
                }
                self.restore(saved);
            }
        };
    }

    /** Saves an optimizer's mutable state and puts it back; see {@link Optimizer#checkpoint()}. */
    interface Checkpoint {

        /** Copies the optimizer's current state into this checkpoint, replacing what it held. */
        void save();

        /**
         * Puts the saved state back into the optimizer (the checkpoint keeps it).
         *
         * @throws IllegalStateException if nothing was saved
         */
        void restore();
    }
}
