package io.github.matrixbackprop.activation;

import java.util.Map;

/**
 * Makes an activation from its parameters: what {@link Activations#register(String, ActivationFactory)}
 * keeps under a name, so that model files, safetensors files and {@link Activations#byName(String)}
 * can recreate an activation the library does not build in.
 *
 * <p>A model file stores an activation as its {@link Activation#name()} and its
 * {@link Activation#parameters()}; loading calls the factory registered under that name with
 * those parameters. The factory must give an activation with that name whose parameters equal the
 * ones it was given (missing ones take the activation's defaults), which
 * {@link Activations#create(String, Map)} checks. A parameter-free activation ignores the map:
 * {@code parameters -> new Cube()}.
 */
@FunctionalInterface
public interface ActivationFactory {

    /**
     * Makes the activation with these parameters.
     *
     * @param parameters the parameters by name, as {@link Activation#parameters()} gave them when the
     *     activation was saved; empty for its defaults; immutable
     * @return a new or shared (immutable) activation
     * @throws IllegalArgumentException if a parameter's value is not allowed, naming it
     */
    Activation create(Map<String, Double> parameters);
}
