package io.github.matrixbackprop.activation;

import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * The activations registered under names by the user ({@link Activations#register}): one map for
 * the whole JVM, safe for concurrent use. Built-in names never reach it ({@link Activations} checks
 * them first).
 */
final class ActivationRegistry {

    /** Lower-case ASCII letters, digits and underscores, starting with a letter, at most 64 characters. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private static final ConcurrentMap<String, ActivationFactory> FACTORIES = new ConcurrentHashMap<>();

    private ActivationRegistry() {
    }

    static void register(String name, ActivationFactory factory) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("activation name " + Checks.quote(name) + " must be 1 to 64 lower-case"
                    + " ASCII letters, digits or underscores, starting with a letter");
        }
        if (FACTORIES.putIfAbsent(name, factory) != null) {
            throw new IllegalArgumentException("an activation named " + Checks.quote(name) + " is registered"
                    + " already; unregister it first to replace it");
        }
    }

    static boolean unregister(String name) {
        return FACTORIES.remove(name) != null;
    }

    static boolean isRegistered(String key) {
        return FACTORIES.containsKey(key);
    }

    /** The registered names, sorted. */
    static List<String> names() {
        List<String> names = new ArrayList<>(FACTORIES.keySet());
        names.sort(null);
        return names;
    }

    /**
     * The registered activation {@code key} made with {@code parameters}, checked to carry that name and
     * those parameter values.
     *
     * @param name the name as the caller gave it, for messages
     * @param key the name in lower case
     */
    static Activation create(String name, String key, Map<String, Double> parameters) {
        ActivationFactory factory = FACTORIES.get(key);
        if (factory == null) {
            throw new IllegalArgumentException("unknown activation " + Checks.quote(name) + "; known: "
                    + String.join(", ", Activations.names()) + " (add others with Activations.register)");
        }
        Activation f = factory.create(Map.copyOf(parameters));
        if (f == null) {
            throw new IllegalArgumentException("the factory registered for activation " + Checks.quote(key)
                    + " returned null");
        }
        if (!key.equals(f.name())) {
            throw new IllegalArgumentException("the factory registered for activation " + Checks.quote(key)
                    + " made an activation named " + Checks.quote(f.name()));
        }
        Map<String, Double> made = f.parameters();
        for (Map.Entry<String, Double> p : parameters.entrySet()) {
            Double value = made.get(p.getKey());
            if (value == null) {
                throw new IllegalArgumentException("activation " + key + " has no parameter " + Checks.quote(p.getKey())
                        + (made.isEmpty() ? "" : "; known: " + String.join(", ", new java.util.TreeSet<>(made.keySet()))));
            }
            if (Double.doubleToLongBits(value) != Double.doubleToLongBits(p.getValue())) {
                throw new IllegalArgumentException("the factory registered for activation " + Checks.quote(key)
                        + " was given " + p.getKey() + " = " + p.getValue() + " but made one with " + p.getKey() + " = "
                        + value);
            }
        }
        return f;
    }
}
