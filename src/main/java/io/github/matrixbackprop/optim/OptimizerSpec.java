package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.network.Network;

/**
 * The immutable hyperparameters of an optimizer, validated at construction; {@link #create}
 * binds them to a network and gives the stateful {@link Optimizer}.
 */
public interface OptimizerSpec {

    /** The name as in the reference cases and on the command line, e.g. {@code "adam"}. */
    String name();

    /** The initial learning rate. */
    double lr();

    /** A fresh optimizer (step count 0, zero state) for the parameters of {@code network}. */
    Optimizer create(Network network);
}
