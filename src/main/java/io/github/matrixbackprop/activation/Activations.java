package io.github.matrixbackprop.activation;

import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Factories for the built-in activations, lookup by name (as in model files and reference cases),
 * and the registry of the user's own activations ({@link #register(String, ActivationFactory)}).
 */
public final class Activations {

    /** The names of the built-in activations; {@link #names()} adds the registered ones. */
    public static final List<String> NAMES = List.of(
            "identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu", "silu", "softmax");

    private Activations() {
    }

    /**
     * {@code f(z) = z}.
     *
     * @return {@code f(z) = z}
     */
    public static Activation identity() {
        return new Identity();
    }

    /**
     * The logistic sigmoid.
     *
     * @return the logistic sigmoid {@code 1 / (1 + e^{-z})}
     */
    public static Activation sigmoid() {
        return new Sigmoid();
    }

    /**
     * Hyperbolic tangent.
     *
     * @return {@code tanh}
     */
    public static Activation tanh() {
        return new Tanh();
    }

    /**
     * Rectified linear unit (subgradient 0 at 0).
     *
     * @return {@code max(0, z)}, with derivative 0 at 0
     */
    public static Activation relu() {
        return new Relu();
    }

    /**
     * Leaky ReLU with PyTorch's default slope 0.01.
     *
     * @return leaky ReLU with slope 0.01
     */
    public static Activation leakyRelu() {
        return new LeakyRelu(LeakyRelu.DEFAULT_SLOPE);
    }

    /**
     * Leaky ReLU with the given negative-side slope (finite; may be negative).
     *
     * @param slope the slope for {@code z <= 0}; finite
     * @return leaky ReLU with this slope
     */
    public static Activation leakyRelu(double slope) {
        return new LeakyRelu(slope);
    }

    /**
     * ELU with alpha 1.
     *
     * @return ELU with {@code alpha = 1}
     */
    public static Activation elu() {
        return new Elu(1.0);
    }

    /**
     * ELU with the given alpha (finite).
     *
     * @param alpha the saturation value of the negative side; finite
     * @return ELU with this alpha
     */
    public static Activation elu(double alpha) {
        return new Elu(alpha);
    }

    /**
     * Softplus {@code log(1 + e^z)}.
     *
     * @return {@code log(1 + e^z)}
     */
    public static Activation softplus() {
        return new Softplus();
    }

    /**
     * Exact (erf-based) GELU.
     *
     * @return the exact GELU {@code z Phi(z)}
     */
    public static Activation gelu() {
        return new Gelu();
    }

    /**
     * SiLU (swish) {@code z sigmoid(z)}.
     *
     * @return SiLU {@code z sigmoid(z)}
     */
    public static Activation silu() {
        return new Silu();
    }

    /**
     * Softmax over the units of each sample.
     *
     * @return softmax over the units of each sample
     */
    public static Activation softmax() {
        return new Softmax();
    }

    /**
     * Returns the activation with this name and its default parameters: a built-in one
     * ({@code leaky_relu}: slope 0.01, {@code elu}: alpha 1, as in the reference cases) or one
     * registered with {@link #register(String, ActivationFactory)} (its factory called with no
     * parameters).
     *
     * @param name the name, case-insensitive ({@code "linear"} and {@code "swish"} are accepted aliases)
     * @return the activation
     * @throws IllegalArgumentException naming the unknown name and the known ones, or if a registered
     *     factory gives an activation of another name
     */
    public static Activation byName(String name) {
        return create(name, Map.of());
    }

    /**
     * The activation {@code name} with these parameters: a built-in one ({@code leaky_relu}:
     * {@code slope}, {@code elu}: {@code alpha}; missing ones take their defaults), or one registered
     * with {@link #register(String, ActivationFactory)}, whose factory is called with
     * {@code parameters} and must give an activation of that name whose parameters include each
     * given one with the given value.
     *
     * @param name the activation's name, as for {@link #byName(String)}
     * @param parameters its parameters by name; not modified
     * @return the activation
     * @throws IllegalArgumentException naming an unknown activation or parameter, a parameter value the
     *     activation refuses, or a registered factory that gives an activation of another name or with
     *     other parameter values
     */
    public static Activation create(String name, Map<String, Double> parameters) {
        Checks.notNull(parameters, "activation parameters");
        String key = name == null ? "null" : name.toLowerCase(Locale.ROOT);
        Activation base = builtIn(key);
        if (base == null) {
            return ActivationRegistry.create(name, key, parameters);
        }
        Set<String> known = base.parameters().keySet();
        for (String p : parameters.keySet()) {
            if (!known.contains(p)) {
                throw new IllegalArgumentException("activation " + base.name() + " has no parameter " + Checks.quote(p)
                        + (known.isEmpty() ? "" : "; known: " + String.join(", ", known)));
            }
        }
        return switch (base.name()) {
            case "leaky_relu" -> new LeakyRelu(parameters.getOrDefault("slope", LeakyRelu.DEFAULT_SLOPE));
            case "elu" -> new Elu(parameters.getOrDefault("alpha", 1.0));
            default -> base;
        };
    }

    /**
     * Registers an activation under {@code name}, so that {@link #byName(String)},
     * {@link #create(String, Map)}, model files ({@code io.ModelFiles}) and safetensors files
     * ({@code io.Safetensors}) can recreate it: a network with this activation saves, and loads
     * again wherever the same name is registered. Thread-safe.
     *
     * <p>Register before loading a file that uses the activation, e.g. in a static initialiser:
     * <pre>{@code
     * Activations.register("cube", parameters -> new Cube());
     * }</pre>
     *
     * @param name the name the activation's {@link Activation#name()} returns: 1 to 64 lower-case
     *     ASCII letters, digits or underscores, starting with a letter
     * @param factory makes the activation from its parameters
     * @throws IllegalArgumentException if the name does not fit that pattern, is built in (or an alias of
     *     a built-in activation: built-in activations cannot be replaced), or is registered already
     */
    public static void register(String name, ActivationFactory factory) {
        Checks.notNull(name, "activation name");
        Checks.notNull(factory, "activation factory");
        if (builtIn(name.toLowerCase(Locale.ROOT)) != null) {
            throw new IllegalArgumentException("activation " + Checks.quote(name) + " is built in and cannot be"
                    + " replaced; register yours under another name");
        }
        ActivationRegistry.register(name, factory);
    }

    /**
     * Removes the activation registered under {@code name}; files that use it no longer load.
     *
     * @param name the registered name
     * @return whether an activation was registered under it
     * @throws IllegalArgumentException if {@code name} is a built-in activation, which cannot be removed
     */
    public static boolean unregister(String name) {
        Checks.notNull(name, "activation name");
        if (builtIn(name.toLowerCase(Locale.ROOT)) != null) {
            throw new IllegalArgumentException("activation " + Checks.quote(name) + " is built in and cannot be"
                    + " removed");
        }
        return ActivationRegistry.unregister(name);
    }

    /**
     * Whether {@link #byName(String)} knows {@code name}: a built-in activation, an alias of one, or a
     * registered activation (case-insensitive).
     *
     * @param name the name to look up; {@code null} is unknown
     * @return whether the name is built in or registered
     */
    public static boolean isKnown(String name) {
        if (name == null) {
            return false;
        }
        String key = name.toLowerCase(Locale.ROOT);
        return builtIn(key) != null || ActivationRegistry.isRegistered(key);
    }

    /**
     * The names {@link #byName(String)} knows now: {@link #NAMES}, then the registered ones in
     * alphabetical order.
     *
     * @return an immutable list of the names
     */
    public static List<String> names() {
        List<String> all = new ArrayList<>(NAMES);
        all.addAll(ActivationRegistry.names());
        return List.copyOf(all);
    }

    /** The built-in activation {@code key} (lower case) with its defaults, or null. */
    private static Activation builtIn(String key) {
        return switch (key) {
            case "identity", "linear" -> identity();
            case "sigmoid" -> sigmoid();
            case "tanh" -> tanh();
            case "relu" -> relu();
            case "leaky_relu" -> leakyRelu();
            case "elu" -> elu();
            case "softplus" -> softplus();
            case "gelu" -> gelu();
            case "silu", "swish" -> silu();
            case "softmax" -> softmax();
            default -> null;
        };
    }
}
