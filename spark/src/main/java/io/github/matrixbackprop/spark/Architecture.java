package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ejml.data.DMatrixRMaj;

/**
 * A network without its parameter values: the widths {@code n_0..n_L} and the activations
 * {@code f^1..f^L} by name and parameters, as a model file stores them. It travels to the tasks
 * once, in their closures; the parameters travel separately as a broadcast flat vector
 * ({@link FlatParameters}). Immutable.
 */
final class Architecture implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] widths;
    private final String[] activations;
    private final String[][] parameterNames;
    private final double[][] parameterValues;

    private Architecture(int[] widths, String[] activations, String[][] parameterNames, double[][] parameterValues) {
        this.widths = widths;
        this.activations = activations;
        this.parameterNames = parameterNames;
        this.parameterValues = parameterValues;
    }

    /**
     * The architecture of {@code network}.
     *
     * @throws IllegalArgumentException if an activation is not a built-in one (the tasks could not recreate it)
     */
    static Architecture of(Network network) {
        Checks.notNull(network, "network");
        int depth = network.depth();
        int[] widths = new int[depth + 1];
        String[] names = new String[depth];
        String[][] keys = new String[depth][];
        double[][] values = new double[depth][];
        widths[0] = network.inputSize();
        for (int l = 1; l <= depth; l++) {
            Activation f = network.layer(l).activation();
            requireBuiltIn(l, f);
            widths[l] = network.width(l);
            names[l - 1] = f.name();
            Map<String, Double> sorted = new TreeMap<>(f.parameters());
            keys[l - 1] = sorted.keySet().toArray(String[]::new);
            values[l - 1] = sorted.values().stream().mapToDouble(Double::doubleValue).toArray();
        }
        return new Architecture(widths, names, keys, values);
    }

    private static void requireBuiltIn(int l, Activation f) {
        boolean builtIn;
        try {
            builtIn = Activations.create(f.name(), f.parameters()).equals(f);
        } catch (IllegalArgumentException e) {
            builtIn = false;
        }
        if (!builtIn) {
            throw new IllegalArgumentException("layer " + l + ": activation " + Checks.quote(f.name()) + " ("
                    + f.getClass().getName() + ") is not a built-in activation, so the Spark tasks could not"
                    + " recreate it; built in: " + String.join(", ", Activations.NAMES));
        }
    }

    /** {@code n_0}. */
    int inputs() {
        return widths[0];
    }

    /** {@code n_L}. */
    int outputs() {
        return widths[widths.length - 1];
    }

    /** {@code sum_l (n_l n_{l-1} + n_l)}, the length of the flat parameter vector. */
    int parameterCount() {
        int n = 0;
        for (int l = 1; l < widths.length; l++) {
            n += widths[l] * widths[l - 1] + widths[l];
        }
        return n;
    }

    /** A new network of this architecture with all parameters zero. */
    Network build() {
        List<Layer> layers = new ArrayList<>(activations.length);
        for (int l = 1; l < widths.length; l++) {
            Map<String, Double> p = new LinkedHashMap<>();
            for (int i = 0; i < parameterNames[l - 1].length; i++) {
                p.put(parameterNames[l - 1][i], parameterValues[l - 1][i]);
            }
            Activation f = Activations.create(activations[l - 1], p);
            layers.add(new Layer(new DMatrixRMaj(widths[l], widths[l - 1]), new DMatrixRMaj(widths[l], 1), f));
        }
        return new Network(layers);
    }

    /** A new network of this architecture holding {@code parameters} (see {@link FlatParameters}). */
    Network build(double[] parameters) {
        Network network = build();
        FlatParameters.read(parameters, network);
        return network;
    }
}
