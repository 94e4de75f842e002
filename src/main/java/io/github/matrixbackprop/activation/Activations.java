package io.github.matrixbackprop.activation;

import io.github.matrixbackprop.util.Checks;
import java.util.List;
import java.util.Locale;

/** Factories for the built-in activations, and lookup by name (as in model files and reference cases). */
public final class Activations {

    /** The names {@link #byName(String)} accepts. */
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
     * Returns the built-in activation with this name and its default parameters
     * ({@code leaky_relu}: slope 0.01, {@code elu}: alpha 1, as in the reference cases).
     *
     * @param name the name, case-insensitive ({@code "linear"} and {@code "swish"} are accepted aliases)
     * @return the activation
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static Activation byName(String name) {
        String key = name == null ? "null" : name.toLowerCase(Locale.ROOT);
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
            default -> throw new IllegalArgumentException(
                    "unknown activation " + Checks.quote(name) + "; known: " + String.join(", ", NAMES));
        };
    }

    /**
     * The built-in activation {@code name} with these parameters ({@code leaky_relu}: {@code slope},
     * {@code elu}: {@code alpha}; missing ones take their defaults).
     *
     * @param name the activation's name, as for {@link #byName(String)}
     * @param parameters its parameters by name; not modified
     * @return the activation
     * @throws IllegalArgumentException naming an unknown activation or parameter
     */
    public static Activation create(String name, java.util.Map<String, Double> parameters) {
        Activation base = byName(name);
        java.util.Set<String> known = base.parameters().keySet();
        for (String key : parameters.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("activation " + base.name() + " has no parameter " + Checks.quote(key)
                        + (known.isEmpty() ? "" : "; known: " + String.join(", ", known)));
            }
        }
        return switch (base.name()) {
            case "leaky_relu" -> new LeakyRelu(parameters.getOrDefault("slope", LeakyRelu.DEFAULT_SLOPE));
            case "elu" -> new Elu(parameters.getOrDefault("alpha", 1.0));
            default -> base;
        };
    }
}
