package io.github.matrixbackprop.network;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;

/**
 * Builds a network layer by layer with seeded initialisation:
 *
 * <pre>{@code
 * Network net = Network.builder(784)
 *         .dense(128, Activations.relu()).dropout(0.5)
 *         .dense(10, Activations.softmax())
 *         .seed(42)
 *         .build();
 * }</pre>
 *
 * <p>{@link #dropout(double)} sets the dropout rate of the layer added last (a hidden layer; the
 * network refuses dropout on its output layer).
 *
 * <p>Default initialisation: He uniform for layers with a ReLU-like activation ({@code relu},
 * {@code leaky_relu}, {@code elu}, {@code gelu}, {@code silu}, {@code softplus}), Glorot uniform
 * otherwise, zero biases. The draws go layer by layer, {@code W^1} then {@code b^1}, from one
 * {@link SplittableRandom} seeded with {@link #seed(long)} (or the generator given to
 * {@link #random(RandomGenerator)}), so the same seed gives the same network on any JDK 17+.
 *
 * <p>Mutable and not thread-safe; each {@link #build()} draws fresh parameters.
 */
public final class NetworkBuilder {

    private record Spec(int units, Activation activation, Initializer weights, Initializer bias, double dropout) {
    }

    private final int inputs;
    private final List<Spec> specs = new ArrayList<>();
    private Initializer weightInit;
    private Initializer biasInit = Initializer.zeros();
    private RandomGenerator random;
    private long seed;

    NetworkBuilder(int inputs) {
        this.inputs = Checks.positive(inputs, "network inputs (n_0)");
    }

    /**
     * Adds a layer of {@code units} neurons with activation {@code f}, initialised by the builder's defaults.
     *
     * @param units {@code n_l}, the width of the new layer; {@code > 0}
     * @param f the activation {@code f^l}
     * @return this builder
     */
    public NetworkBuilder dense(int units, Activation f) {
        return dense(units, f, null, null);
    }

    /**
     * Adds a layer with its own weight and bias initialisers ({@code null}: the builder's).
     *
     * @param units {@code n_l}, the width of the new layer; {@code > 0}
     * @param f the activation {@code f^l}
     * @param weights the initialiser of {@code W^l}, or {@code null}
     * @param bias the initialiser of {@code b^l}, or {@code null}
     * @return this builder
     */
    public NetworkBuilder dense(int units, Activation f, Initializer weights, Initializer bias) {
        Checks.positive(units, "layer " + (specs.size() + 1) + " units");
        Checks.notNull(f, "layer " + (specs.size() + 1) + " activation");
        specs.add(new Spec(units, f, weights, bias, 0.0));
        return this;
    }

    /**
     * Sets the dropout rate {@code p} of the layer added last: in training steps its output is
     * {@code A^l = f^l(Z^l) ⊙ M^l / (1 - p)} with a 0/1 mask {@code M^l} that keeps each unit with
     * probability {@code 1 - p}; prediction never drops. Only hidden layers may drop:
     * {@link #build()} refuses a rate above 0 on the last layer.
     *
     * @param p the dropout rate, in {@code [0, 1)}; 0 for none
     * @return this builder
     * @throws IllegalStateException if no layer was added yet
     * @throws IllegalArgumentException if {@code p} is not in {@code [0, 1)}
     */
    public NetworkBuilder dropout(double p) {
        if (specs.isEmpty()) {
            throw new IllegalStateException("dropout(" + p + ") sets the rate of the layer added last, but no layer"
                    + " was added yet");
        }
        Checks.inRange(p, 0.0, 1.0, "layer " + specs.size() + " dropout rate");
        Spec last = specs.get(specs.size() - 1);
        specs.set(specs.size() - 1, new Spec(last.units, last.activation, last.weights, last.bias, p));
        return this;
    }

    /**
     * The weight initialiser of every layer without its own ({@code null}: the activation-based default).
     *
     * @param init the weight initialiser, or {@code null}
     * @return this builder
     */
    public NetworkBuilder weightInit(Initializer init) {
        this.weightInit = init;
        return this;
    }

    /**
     * The bias initialiser of every layer without its own (default zeros).
     *
     * @param init the bias initialiser, or {@code null} for zeros
     * @return this builder
     */
    public NetworkBuilder biasInit(Initializer init) {
        this.biasInit = Checks.notNull(init, "bias initialiser");
        return this;
    }

    /**
     * Seeds a {@link SplittableRandom} for the draws (default seed 0).
     *
     * @param newSeed the seed
     * @return this builder
     */
    public NetworkBuilder seed(long newSeed) {
        this.seed = newSeed;
        this.random = null;
        return this;
    }

    /**
     * Draws from {@code generator} instead of a seeded {@link SplittableRandom}.
     *
     * @param generator the generator to draw from; advanced by {@link #build()}
     * @return this builder
     */
    public NetworkBuilder random(RandomGenerator generator) {
        this.random = Checks.notNull(generator, "random generator");
        return this;
    }

    /**
     * Builds the network, drawing every parameter (the dropout rates draw nothing here).
     *
     * @return the new network
     * @throws IllegalArgumentException if no layer was added, or the last layer has a dropout rate
     *                                  above 0
     */
    public Network build() {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least 1 layer but none was added");
        }
        Network.requireNoOutputDropout(specs.size(), specs.get(specs.size() - 1).dropout); // before any draw
        RandomGenerator r = random != null ? random : new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        int fanIn = inputs;
        for (Spec s : specs) {
            DMatrixRMaj w = new DMatrixRMaj(s.units, fanIn);
            DMatrixRMaj b = new DMatrixRMaj(s.units, 1);
            Initializer wi = s.weights != null ? s.weights : weightInit != null ? weightInit : defaultFor(s.activation);
            Initializer bi = s.bias != null ? s.bias : biasInit;
            wi.fill(w, fanIn, s.units, r);
            bi.fill(b, fanIn, s.units, r);
            layers.add(new Layer(w, b, s.activation, s.dropout));
            fanIn = s.units;
        }
        return new Network(layers);
    }

    private static Initializer defaultFor(Activation f) {
        return switch (f.name()) {
            case "relu", "leaky_relu", "elu", "gelu", "silu", "softplus" -> Initializer.heUniform();
            default -> Initializer.glorotUniform();
        };
    }
}
