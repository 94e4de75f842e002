package io.github.matrixbackprop.model;

import io.github.matrixbackprop.data.Labels;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;

/**
 * A model as it is used: preprocessing plus network. It holds the input transformation fitted on
 * the training data (a {@link Scaler}, or none), the network, and what the network's outputs mean:
 * class names in order (a classifier) or plain values (regression).
 *
 * <p>{@link #predict} takes raw features, one sample per row ({@code m x n_0}), scales every
 * column {@code c} as {@code x'_c = (x_c - shift_c) / scale_c} and runs the network on the result:
 * {@code predict(X) = network.predict(X')}. Standardisation ({@code shift} = mean, {@code scale} =
 * standard deviation) and min-max scaling ({@code shift} = minimum, {@code scale} = maximum minus
 * minimum) are both of this form; a model without a scaler feeds the features to the network as
 * they are. A classifier answers with class names: output {@code k} is class {@code k}, and a
 * sample's class is its arg max output (first on ties), or for a single output the second class
 * when the output is above 0.5 ({@link Labels#classes}).
 *
 * <p>The network's layers keep their dropout rates ({@code Layer.dropout()}); they act only when the
 * network is trained, never in {@link #predict}, and a saved model keeps them.
 *
 * <p>Immutable: the {@code with...} methods return new models. The network is shared, not copied:
 * its parameters stay its own mutable state, so training it changes what the model predicts. Any
 * number of threads may predict at once while nothing changes those parameters.
 */
public final class Model {

    private final Network network;
    private final Scaler scaler;
    private final List<String> classes;

    private Model(Network network, Scaler scaler, List<String> classes) {
        this.network = network;
        this.scaler = scaler;
        this.classes = classes;
    }

    /**
     * A model of {@code network} alone: no input scaling, outputs are plain values.
     *
     * @param network the network; shared, not copied
     * @return the model
     * @throws NullPointerException if {@code network} is null
     */
    public static Model of(Network network) {
        return new Model(Checks.notNull(network, "network"), null, List.of());
    }

    /**
     * This model with inputs scaled by {@code scaler} before the network sees them:
     * {@code x'_c = (x_c - shift_c) / scale_c} for every column {@code c = 0..n_0-1}.
     *
     * @param scaler the fitted scaler, with {@code n_0} columns
     * @return a new model; this one is not modified
     * @throws IllegalArgumentException if the scaler's column count is not the network's input width {@code n_0}
     */
    public Model withScaler(Scaler scaler) {
        Checks.notNull(scaler, "scaler");
        if (scaler.shift().length != network.inputSize()) {
            throw new IllegalArgumentException("the scaler was fitted on " + scaler.shift().length
                    + " columns but the network takes " + network.inputSize() + " inputs");
        }
        return new Model(network, scaler, classes);
    }

    /**
     * This model without input scaling: the network sees the features as they are.
     *
     * @return a new model; this one is not modified
     */
    public Model withoutScaler() {
        return new Model(network, null, classes);
    }

    /**
     * This model as a classifier whose output {@code k} is the class {@code names.get(k)}: one
     * name per output, or two names for a network with a single output (a 0/1 output, class 1
     * above 0.5), as in {@code data.LabeledData}.
     *
     * @param names the class names in output order; copied
     * @return a new model; this one is not modified
     * @throws IllegalArgumentException if the number of names fits neither rule, a name repeats, or a
     *     name holds an unpaired surrogate (it could not be written as UTF-8)
     * @throws NullPointerException if the list or a name is null
     */
    public Model withClasses(List<String> names) {
        Checks.notNull(names, "class names");
        List<String> copy = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < names.size(); k++) {
            String name = Checks.notNull(names.get(k), "class name " + k);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("class name " + k + ", " + Checks.quote(name)
                        + ", repeats an earlier one; class names must differ");
            }
            requireWellFormed(name, k);
            copy.add(name);
        }
        int outputs = network.outputSize();
        int needed = outputs == 1 ? 2 : outputs;
        if (copy.size() != needed) {
            throw new IllegalArgumentException(copy.size() + " class names for a network with " + outputs
                    + (outputs == 1 ? " output; a single 0/1 output needs 2 names (class 0, class 1)"
                            : " outputs; a classifier names every output, so it needs " + outputs));
        }
        return new Model(network, scaler, List.copyOf(copy));
    }

    /**
     * This model with plain values as outputs (regression): no class names.
     *
     * @return a new model; this one is not modified
     */
    public Model withoutClasses() {
        return new Model(network, scaler, List.of());
    }

    private static void requireWellFormed(String name, int k) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("class name " + k + " holds an unpaired surrogate at index " + i
                        + ", which is no Unicode character");
            }
        }
    }

    /**
     * The network, shared with this model (its parameters are live).
     *
     * @return the network
     */
    public Network network() {
        return network;
    }

    /**
     * The input scaling, if the model scales its inputs.
     *
     * @return the scaler, or empty when the network sees the features as they are
     */
    public Optional<Scaler> scaler() {
        return Optional.ofNullable(scaler);
    }

    /**
     * The class names in output order; empty for a model whose outputs are plain values.
     *
     * @return an immutable list of the class names
     */
    public List<String> classes() {
        return classes;
    }

    /**
     * Whether the model names classes.
     *
     * @return whether {@link #classes()} is not empty
     */
    public boolean isClassifier() {
        return !classes.isEmpty();
    }

    /**
     * {@code n_0}, the number of raw features a sample has.
     *
     * @return the input width
     */
    public int inputSize() {
        return network.inputSize();
    }

    /**
     * {@code n_L}, the number of outputs.
     *
     * @return the output width
     */
    public int outputSize() {
        return network.outputSize();
    }

    /**
     * The network's inputs for raw features: {@code X'} with {@code X'_{ic} = (X_{ic} - shift_c) / scale_c},
     * or a copy of {@code X} when the model has no scaler.
     *
     * @param x raw features, {@code m x n_0}, one sample per row; not modified
     * @return a new {@code m x n_0} matrix
     * @throws IllegalArgumentException if {@code x} is empty or does not have {@code n_0} columns, or (with
     *     a scaler) holds a non-finite value, naming row and column
     */
    public DMatrixRMaj scaleInputs(DMatrixRMaj x) {
        network.requireInput(x, "X");
        return scaler == null ? x.copy() : scaler.apply(x);
    }

    /**
     * The outputs for raw features: {@code network.predict(X')} with {@code X'} as in
     * {@link #scaleInputs(DMatrixRMaj)}.
     *
     * @param x raw features, {@code m x n_0}, one sample per row; not modified
     * @return a new {@code m x n_L} matrix, row {@code i} = {@code a^L} of sample {@code i}
     * @throws IllegalArgumentException as {@link #scaleInputs(DMatrixRMaj)}
     */
    public DMatrixRMaj predict(DMatrixRMaj x) {
        network.requireInput(x, "X");
        return network.predict(scaler == null ? x : scaler.apply(x));
    }

    /**
     * The class index of every sample: the arg max of its outputs (first on ties), or for a
     * single output 1 when it is above 0.5, else 0.
     *
     * @param x raw features, {@code m x n_0}, one sample per row; not modified
     * @return {@code m} class indices into {@link #classes()}
     * @throws IllegalStateException if the model names no classes
     * @throws IllegalArgumentException as {@link #scaleInputs(DMatrixRMaj)}
     */
    public int[] predictClassIndices(DMatrixRMaj x) {
        requireClassifier();
        return Labels.classes(predict(x));
    }

    /**
     * The class name of every sample, as {@link #predictClassIndices(DMatrixRMaj)} chooses it.
     *
     * @param x raw features, {@code m x n_0}, one sample per row; not modified
     * @return an immutable list of {@code m} class names
     * @throws IllegalStateException if the model names no classes
     * @throws IllegalArgumentException as {@link #scaleInputs(DMatrixRMaj)}
     */
    public List<String> predictClasses(DMatrixRMaj x) {
        requireClassifier();
        int[] k = Labels.classes(predict(x));
        List<String> out = new ArrayList<>(k.length);
        for (int i : k) {
            out.add(classes.get(i));
        }
        return List.copyOf(out);
    }

    private void requireClassifier() {
        if (classes.isEmpty()) {
            throw new IllegalStateException("the model names no classes (its outputs are plain values); give it"
                    + " class names with withClasses, or use predict");
        }
    }

    @Override
    public String toString() {
        String in = scaler == null ? "raw inputs" : "scaled inputs";
        String out = classes.isEmpty() ? "values"
                : classes.size() <= 10 ? "classes " + classes : classes.size() + " classes";
        return "Model(" + in + " -> " + network + " -> " + out + ")";
    }
}
