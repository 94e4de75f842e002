package io.github.matrixbackprop.onnx;

import io.github.matrixbackprop.kernel.Precision;
import io.github.matrixbackprop.util.Checks;

/**
 * How {@link OnnxExporter} writes a model. Immutable; start from {@link #defaults()} and change
 * one component at a time with the {@code withX} methods.
 *
 * @param precision    the element type of the graph's input, output and every tensor in between:
 *                     {@link Precision#FLOAT64} ({@code tensor(double)}, the default) or
 *                     {@link Precision#FLOAT32} ({@code tensor(float)}; weights, biases and the
 *                     input scaling are rounded to float32)
 * @param opset        the version of the default ONNX operator set, {@value #MIN_OPSET} to
 *                     {@value #MAX_OPSET}; it fixes the file's IR version (8 for opsets 17-18,
 *                     9 for 19-20, 10 for 21-22, 11 for 23)
 * @param graphName    the name of the graph; not empty
 * @param producerName the model's {@code producer_name}; not empty
 */
public record OnnxOptions(Precision precision, int opset, String graphName, String producerName) {

    /** The oldest operator set the exporter writes: 17. */
    public static final int MIN_OPSET = 17;

    /** The newest operator set the exporter writes: 23. */
    public static final int MAX_OPSET = 23;

    /** The operator set of {@link #defaults()}: {@value}. */
    public static final int DEFAULT_OPSET = 17;

    /**
     * Validates the options.
     *
     * @param precision    {@link Precision#FLOAT64} or {@link Precision#FLOAT32}
     * @param opset        {@value #MIN_OPSET} to {@value #MAX_OPSET}
     * @param graphName    the graph's name; not empty
     * @param producerName the model's {@code producer_name}; not empty
     * @throws NullPointerException     if a component is null
     * @throws IllegalArgumentException naming an operator set out of range or an empty name
     */
    public OnnxOptions {
        Checks.notNull(precision, "precision");
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("the ONNX opset must be in " + MIN_OPSET + ".." + MAX_OPSET
                    + " but was " + opset);
        }
        requireName(graphName, "graph name");
        requireName(producerName, "producer name");
    }

    /**
     * Float64 tensors, opset {@value #DEFAULT_OPSET}, graph {@code "network"}, producer
     * {@code "matrix-backprop"}.
     *
     * @return the default options
     */
    public static OnnxOptions defaults() {
        return new OnnxOptions(Precision.FLOAT64, DEFAULT_OPSET, "network", "matrix-backprop");
    }

    /**
     * The same options with another element type.
     *
     * @param newPrecision the new {@code precision}
     * @return a copy that differs only in {@code precision}; this one is unchanged
     */
    public OnnxOptions withPrecision(Precision newPrecision) {
        return new OnnxOptions(newPrecision, opset, graphName, producerName);
    }

    /**
     * The same options with another operator set.
     *
     * @param newOpset the new {@code opset}, {@value #MIN_OPSET} to {@value #MAX_OPSET}
     * @return a copy that differs only in {@code opset}; this one is unchanged
     */
    public OnnxOptions withOpset(int newOpset) {
        return new OnnxOptions(precision, newOpset, graphName, producerName);
    }

    /**
     * The same options with another graph name.
     *
     * @param newGraphName the new {@code graphName}; not empty
     * @return a copy that differs only in {@code graphName}; this one is unchanged
     */
    public OnnxOptions withGraphName(String newGraphName) {
        return new OnnxOptions(precision, opset, newGraphName, producerName);
    }

    /**
     * The same options with another producer name.
     *
     * @param newProducerName the new {@code producerName}; not empty
     * @return a copy that differs only in {@code producerName}; this one is unchanged
     */
    public OnnxOptions withProducerName(String newProducerName) {
        return new OnnxOptions(precision, opset, graphName, newProducerName);
    }

    /** The ONNX IR version that goes with the operator set: the oldest that defines it. */
    int irVersion() {
        if (opset <= 18) {
            return 8;
        }
        if (opset <= 20) {
            return 9;
        }
        return opset <= 22 ? 10 : 11;
    }

    private static void requireName(String name, String role) {
        Checks.notNull(name, role);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the " + role + " must not be empty");
        }
    }
}
