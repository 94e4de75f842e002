package io.github.matrixbackprop.loss;

import java.util.List;
import java.util.Locale;

/** Factories for the built-in losses, and lookup by name (as in model files and reference cases). */
public final class Losses {

    /** The names {@link #byName(String)} accepts. */
    public static final List<String> NAMES = List.of(
            "half_sse", "mse", "softmax_cross_entropy", "binary_cross_entropy", "huber");

    private Losses() {
    }

    /**
     * {@code (1/2)||a - y||^2}, the papers' cost.
     *
     * @return the half sum of squared errors
     */
    public static Loss halfSse() {
        return new HalfSse();
    }

    /**
     * Mean squared error over all elements (PyTorch {@code MSELoss}).
     *
     * @return the mean squared error
     */
    public static Loss mse() {
        return new Mse();
    }

    /**
     * Cross-entropy of a softmax output layer, without options; add class weights or label
     * smoothing with {@link SoftmaxCrossEntropy#withClassWeights} and
     * {@link SoftmaxCrossEntropy#withLabelSmoothing}.
     *
     * @return softmax cross-entropy, evaluated from the logits
     */
    public static SoftmaxCrossEntropy softmaxCrossEntropy() {
        return new SoftmaxCrossEntropy();
    }

    /**
     * Binary cross-entropy over all elements (PyTorch {@code BCELoss}), without options; add
     * positive weights with {@link BinaryCrossEntropy#withPosWeight}.
     *
     * @return binary cross-entropy
     */
    public static BinaryCrossEntropy binaryCrossEntropy() {
        return new BinaryCrossEntropy();
    }

    /**
     * Huber loss with threshold 1 (PyTorch {@code HuberLoss} default).
     *
     * @return Huber loss with {@code delta = 1}
     */
    public static Loss huber() {
        return new Huber(1.0);
    }

    /**
     * Huber loss with the given threshold (finite, {@code > 0}).
     *
     * @param delta the threshold between the quadratic and the linear part
     * @return Huber loss with this threshold
     */
    public static Loss huber(double delta) {
        return new Huber(delta);
    }

    /**
     * Returns the built-in loss with this name ({@code huber}: delta 1).
     *
     * @param name the name, case-insensitive, e.g. {@code "softmax_cross_entropy"}
     * @return the loss
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static Loss byName(String name) {
        String key = name == null ? "null" : name.toLowerCase(Locale.ROOT);
        return switch (key) {
            case "half_sse" -> halfSse();
            case "mse" -> mse();
            case "softmax_cross_entropy", "cross_entropy" -> softmaxCrossEntropy();
            case "binary_cross_entropy", "bce" -> binaryCrossEntropy();
            case "huber" -> huber();
            default -> throw new IllegalArgumentException(
                    "unknown loss '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}
