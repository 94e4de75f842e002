package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.network.Network;

/**
 * The immutable hyperparameters of an optimizer, validated at construction; {@link #create}
 * binds them to a network and gives the stateful {@link Optimizer}.
 */
public interface OptimizerSpec {

    /**
     * The name as in the reference cases and on the command line, e.g. {@code "adam"}.
     *
     * @return the optimizer's lower-case name
     */
    String name();

    /**
     * The initial learning rate.
     *
     * @return the learning rate of the first step
     */
    double lr();

    /**
     * A fresh optimizer (step count 0, zero state) for the parameters of {@code network}.
     *
     * @param network the network whose parameters the optimizer will update
     * @return a new optimizer bound to {@code network}
     */
    Optimizer create(Network network);
}
