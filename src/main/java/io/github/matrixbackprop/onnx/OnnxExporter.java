package io.github.matrixbackprop.onnx;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Identity;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.io.AtomicFileWriter;
import io.github.matrixbackprop.kernel.Precision;
import io.github.matrixbackprop.model.Model;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a network, with its input scaling, as an ONNX model that ONNX Runtime and other ONNX
 * runtimes execute.
 *
 * <p>The graph computes, one sample per row, what {@link Network#predict} computes after
 * {@link Scaler#apply}: for inputs {@code X} ({@code [N, n_0]}),
 * {@code X' = (X - shift) / scale} column by column, then for {@code l = 1..L}
 * {@code A^l = f^l(A^{l-1} (W^l)^T + (b^l)^T)} with {@code A^0 = X'}, and the output
 * {@code A^L} ({@code [N, n_L]}). In ONNX operators:
 * <ul>
 *   <li>one input {@value #INPUT} of shape {@code [N, n_0]} and one output {@value #OUTPUT} of
 *       shape {@code [N, n_L]}, with the batch dimension {@code N} dynamic
 *       ({@code dim_param "N"}); element type {@code double}, or {@code float} with
 *       {@link Precision#FLOAT32};</li>
 *   <li>the scaling as {@code Sub(input, shift)} and {@code Div(., scale)} (initializers
 *       {@code shift}, {@code scale}), only when a scaler is given;</li>
 *   <li>each layer as {@code Gemm(A, W^l, b^l)} with {@code transB = 1}, the initializers
 *       {@code W<l>} ({@code [n_l, n_{l-1}]}, the library's orientation) and {@code b<l>}
 *       ({@code [n_l]}), then the activation's nodes: {@code Relu}, {@code Tanh}, {@code Sigmoid},
 *       {@code Softmax} (axis 1), {@code LeakyRelu} (alpha), {@code Elu} (alpha), {@code Softplus},
 *       exact GELU ({@code Erf} below opset 20, the {@code Gelu} operator from opset 20), SiLU as
 *       {@code z * Sigmoid(z)}, nothing for identity. Where ONNX Runtime has no double kernel, where
 *       an operator's float attribute would round a parameter to float32, or where it rewrites the
 *       nodes into an operator without a double kernel, the float64 graph writes the activation
 *       with operators that have one, in the library's own formula: leaky ReLU, ELU, softplus,
 *       GELU and SiLU; see {@code docs/interop.md}.</li>
 * </ul>
 * Initializers are stored as little-endian {@code raw_data}. ONNX Runtime's outputs agree with
 * {@link Network#predict} to rounding: the tests hold every activation to {@code 1e-12} in float64
 * and {@code 1e-5} in float32, relative to {@code max(1, |y|)}, and observe at most {@code 4e-15}
 * and {@code 4e-6}.
 *
 * <p>A {@link Model} is exported with its own input scaling ({@link Model#scaler()}, the same
 * {@code Sub} and {@code Div}, or none) and its network; the graph's output is the network's
 * output {@code A^L}, so a classifier's class names are not part of the file. Dropout rates only
 * act in training and leave no trace in the graph.
 *
 * <p>Only the library's own activations (see {@link io.github.matrixbackprop.activation.Activations})
 * can be exported; an activation of another class is refused, naming it, even if it shares a name.
 *
 * <p><b>Dependency.</b> The exporter writes the protobuf with the ONNX classes of
 * {@code org.tribuo:tribuo-util-onnx} (version 4.3.2, which brings
 * {@code com.google.protobuf:protobuf-java}). The library declares it optional, so that EJML stays
 * its only required dependency: to export, add it to your build:
 * <pre>{@code
 * <dependency>
 *   <groupId>org.tribuo</groupId>
 *   <artifactId>tribuo-util-onnx</artifactId>
 *   <version>4.3.2</version>
 * </dependency>
 * }</pre>
 * Without it every method except {@link #isAvailable()} throws an {@link IllegalStateException}
 * that says so.
 *
 * <p>Nothing passed in is modified. The network's parameters must not change while it is exported.
 */
public final class OnnxExporter {

    /** The name of the graph's input, {@code [N, n_0]}. */
    public static final String INPUT = "input";

    /** The name of the graph's output, {@code [N, n_L]}. */
    public static final String OUTPUT = "output";

    /** The name of the dynamic batch dimension of input and output. */
    public static final String BATCH = GraphBuilder.BATCH;

    /** The optional dependency that the exporter needs, as Maven coordinates. */
    public static final String DEPENDENCY = "org.tribuo:tribuo-util-onnx:4.3.2";

    /** Classes whose absence means that {@link #DEPENDENCY} (or the protobuf runtime it brings) is missing. */
    private static final List<String> REQUIRED_CLASSES = List.of("ai.onnx.proto.OnnxMl", "com.google.protobuf.ByteString");

    private OnnxExporter() {
    }

    /**
     * Whether the ONNX protobuf classes ({@value #DEPENDENCY} and {@code protobuf-java}) are on the
     * class path, so that the other methods can work.
     *
     * @return true if export is possible
     */
    public static boolean isAvailable() {
        return missingClass(REQUIRED_CLASSES) == null;
    }

    /**
     * Writes {@code model} with the default options (float64, opset 17): its input scaling, if it
     * has one, then its network, as {@link #export(Network, Scaler, Path)} writes them. The class
     * names of a classifier are not written (the graph outputs {@code A^L}, {@code [N, n_L]}).
     *
     * @param model the model, {@code n_0} inputs; not modified
     * @param file  the file to write, e.g. {@code model.onnx}
     * @throws IOException              naming the file if it cannot be written
     * @throws IllegalArgumentException see {@link #toBytes}
     * @throws IllegalStateException    if {@value #DEPENDENCY} is not on the class path
     */
    public static void export(Model model, Path file) throws IOException {
        export(model, file, OnnxOptions.defaults());
    }

    /**
     * Writes {@code model} as {@link #export(Network, Scaler, Path, OnnxOptions)} writes its network
     * behind its input scaling ({@link Model#scaler()}, or none). The class names of a classifier
     * are not written (the graph outputs {@code A^L}, {@code [N, n_L]}). The file is replaced
     * atomically; on any error it is left as it was.
     *
     * @param model   the model, {@code n_0} inputs; not modified
     * @param file    the file to write, e.g. {@code model.onnx}
     * @param options element type, operator set and names
     * @throws IOException              naming the file if it cannot be written
     * @throws IllegalArgumentException see {@link #toBytes}
     * @throws IllegalStateException    if {@value #DEPENDENCY} is not on the class path
     */
    public static void export(Model model, Path file, OnnxOptions options) throws IOException {
        Checks.notNull(model, "model");
        export(model.network(), model.scaler().orElse(null), file, options);
    }

    /**
     * Writes {@code network} with the default options (float64, opset 17): see the class comment
     * for the graph. The file is replaced atomically, as model files are.
     *
     * @param network the network, {@code n_0} inputs; not modified
     * @param scaler  the input scaling {@code x' = (x - shift) / scale} the network was trained
     *                behind, with {@code n_0} columns; null for none
     * @param file    the file to write, e.g. {@code model.onnx}
     * @throws IOException              naming the file if it cannot be written
     * @throws IllegalArgumentException see {@link #toBytes}
     * @throws IllegalStateException    if {@value #DEPENDENCY} is not on the class path
     */
    public static void export(Network network, Scaler scaler, Path file) throws IOException {
        export(network, scaler, file, OnnxOptions.defaults());
    }

    /**
     * Writes {@code network} as {@link #toBytes} builds it. The file is replaced atomically, as
     * model files are; on any error it is left as it was.
     *
     * @param network the network, {@code n_0} inputs; not modified
     * @param scaler  the input scaling {@code x' = (x - shift) / scale} the network was trained
     *                behind, with {@code n_0} columns; null for none
     * @param file    the file to write, e.g. {@code model.onnx}
     * @param options element type, operator set and names
     * @throws IOException              naming the file if it cannot be written
     * @throws IllegalArgumentException see {@link #toBytes}
     * @throws IllegalStateException    if {@value #DEPENDENCY} is not on the class path
     */
    public static void export(Network network, Scaler scaler, Path file, OnnxOptions options) throws IOException {
        requireLibrary(REQUIRED_CLASSES);
        Checks.notNull(file, "file");
        byte[] model = toBytes(network, scaler, options);
        AtomicFileWriter.write(file, ByteBuffer.wrap(model));
    }

    /**
     * The serialised ONNX model ({@code ModelProto}) of {@code network} behind {@code scaler}; see
     * the class comment for the graph.
     *
     * @param network the network, {@code n_0} inputs; not modified
     * @param scaler  the input scaling {@code x' = (x - shift) / scale}, with {@code n_0} columns;
     *                null for none
     * @param options element type, operator set and names
     * @return the bytes of the model
     * @throws NullPointerException     if {@code network} or {@code options} is null
     * @throws IllegalArgumentException naming the layer and class of an activation that has no ONNX
     *                                  mapping, the widths if the scaler's differs from {@code n_0},
     *                                  or the tensor and element of a parameter that is not finite or
     *                                  (in float32) does not fit in float32
     * @throws IllegalStateException    if {@value #DEPENDENCY} is not on the class path
     */
    public static byte[] toBytes(Network network, Scaler scaler, OnnxOptions options) {
        requireLibrary(REQUIRED_CLASSES);
        Checks.notNull(network, "network");
        Checks.notNull(options, "options");
        validate(network, scaler, options.precision());

        GraphBuilder g = new GraphBuilder(options.precision());
        int inputs = network.inputSize();
        g.input(INPUT, inputs);
        String a = INPUT;
        if (scaler != null) {
            String shifted = g.node("Sub", "shifted_input", a, g.tensor("shift", scaler.shift(), inputs));
            a = g.node("Div", "scaled_input", shifted, g.tensor("scale", scaler.scale(), inputs));
        }
        int depth = network.depth();
        for (int l = 1; l <= depth; l++) {
            Layer layer = network.layer(l);
            Activation f = layer.activation();
            String out = l == depth ? OUTPUT : "a" + l;
            String w = g.tensor("W" + l, values(layer.weights().data, layer.outputs() * layer.inputs()),
                    layer.outputs(), layer.inputs());
            String b = g.tensor("b" + l, values(layer.bias().data, layer.outputs()), layer.outputs());
            String z = g.node("Gemm", f instanceof Identity ? out : "z" + l,
                    List.of(new GraphBuilder.Attribute("transB", 1L)), a, w, b);
            ActivationNodes.add(g, f, z, out, "a" + l + "/", options);
            a = out;
        }
        g.output(OUTPUT, network.outputSize());
        String doc = (scaler == null ? "" : "inputs scaled as (x - shift) / scale, then ") + network;
        return g.toBytes(options, doc);
    }

    private static double[] values(double[] data, int count) {
        return Arrays.copyOf(data, count);
    }

    /** Checks everything before anything is built. */
    private static void validate(Network network, Scaler scaler, Precision precision) {
        for (int l = 1; l <= network.depth(); l++) {
            Activation f = network.layer(l).activation();
            if (!ActivationNodes.supports(f)) {
                throw new IllegalArgumentException("layer " + l + ": activation " + Checks.quote(f.name()) + " ("
                        + f.getClass().getName() + ") has no ONNX mapping; the exporter maps the library's own"
                        + " activations: " + String.join(", ", ActivationNodes.SUPPORTED));
            }
        }
        if (scaler != null) {
            if (scaler.shift().length != network.inputSize()) {
                throw new IllegalArgumentException("the scaler has " + scaler.shift().length + " columns but the"
                        + " network takes " + network.inputSize() + " inputs; they must be equal");
            }
            requireRepresentable(scaler.shift(), 1, "the scaler's shift", precision);
            requireRepresentable(scaler.scale(), 1, "the scaler's scale", precision);
            if (precision == Precision.FLOAT32) {
                for (int c = 0; c < scaler.scale().length; c++) {
                    if ((float) scaler.scale()[c] == 0f) {
                        throw new IllegalArgumentException("the scaler's scale of column " + c + " is "
                                + scaler.scale()[c] + ", which is 0 in float32; export in float64");
                    }
                }
            }
        }
        for (int l = 1; l <= network.depth(); l++) {
            Layer layer = network.layer(l);
            requireRepresentable(values(layer.weights().data, layer.outputs() * layer.inputs()), layer.inputs(),
                    "layer " + l + ": W", precision);
            requireRepresentable(values(layer.bias().data, layer.outputs()), 1, "layer " + l + ": b", precision);
        }
    }

    /** Every element finite, and finite in float32 too when the graph is float32; {@code columns} 1 for a vector. */
    private static void requireRepresentable(double[] data, int columns, String role, Precision precision) {
        for (int i = 0; i < data.length; i++) {
            double v = data[i];
            String where = columns == 1 ? role + "[" + i + "]" : role + "[" + i / columns + "][" + i % columns + "]";
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(where + " is " + v + "; only finite values can be exported");
            }
            if (precision == Precision.FLOAT32 && Float.isInfinite((float) v)) {
                throw new IllegalArgumentException(where + " is " + v + ", beyond the float32 range"
                        + " (largest " + Float.MAX_VALUE + "); export in float64");
            }
        }
    }

    /**
     * Throws unless every class is on this class's class path.
     *
     * @param classNames the classes that the exporter needs
     * @throws IllegalStateException naming {@link #DEPENDENCY} and the missing class
     */
    static void requireLibrary(List<String> classNames) {
        String missing = missingClass(classNames);
        if (missing != null) {
            throw new IllegalStateException("ONNX export needs the optional dependency " + DEPENDENCY
                    + " (which brings com.google.protobuf:protobuf-java) on the class path, but class " + missing
                    + " was not found; add <dependency><groupId>org.tribuo</groupId><artifactId>tribuo-util-onnx"
                    + "</artifactId><version>4.3.2</version></dependency> to the build");
        }
    }

    private static String missingClass(List<String> classNames) {
        for (String name : classNames) {
            try {
                Class.forName(name, false, OnnxExporter.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return name;
            }
        }
        return null;
    }
}
