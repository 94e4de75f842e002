package io.github.matrixbackprop.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.github.matrixbackprop.kernel.Precision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds one ONNX graph and its model with the protobuf classes of {@code tribuo-util-onnx}: the
 * only class of the library that touches them. Every floating-point tensor has the element type of
 * the precision ({@code DOUBLE} or {@code FLOAT}); initializers are stored as little-endian
 * {@code raw_data}; the graph's input and output are {@code [N, width]} with the batch dimension
 * named {@value #BATCH}.
 */
final class GraphBuilder {

    /** The name of the dynamic batch dimension. */
    static final String BATCH = "N";

    /** The ONNX element type int64, e.g. for the {@code to} attribute of {@code Cast}. */
    static final long INT64 = TensorProto.DataType.INT64_VALUE;

    /** A node attribute: a {@code Long} (INT), {@code Float} (FLOAT) or {@code String} (STRING) value. */
    record Attribute(String name, Object value) {
    }

    private final Precision precision;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();

    GraphBuilder(Precision precision) {
        this.precision = precision;
    }

    /** The ONNX element type of the graph's floating-point tensors. */
    private int elementType() {
        return precision == Precision.FLOAT64 ? TensorProto.DataType.DOUBLE_VALUE : TensorProto.DataType.FLOAT_VALUE;
    }

    /** Declares the graph input {@code name} of shape {@code [N, width]}. */
    void input(String name, int width) {
        graph.addInput(valueInfo(name, width));
    }

    /** Declares the graph output {@code name} of shape {@code [N, width]}. */
    void output(String name, int width) {
        graph.addOutput(valueInfo(name, width));
    }

    private ValueInfoProto valueInfo(String name, int width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elementType()).setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    /**
     * Adds a floating-point initializer (rounded to float32 in float32 mode) and returns its name.
     *
     * @param values the elements in row-major order
     * @param dims the shape; none for a scalar
     */
    String tensor(String name, double[] values, long... dims) {
        boolean doubles = precision == Precision.FLOAT64;
        ByteBuffer bytes = ByteBuffer.allocate(values.length * (doubles ? Double.BYTES : Float.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (doubles) {
                bytes.putDouble(v);
            } else {
                bytes.putFloat((float) v);
            }
        }
        bytes.flip();
        return initializer(name, elementType(), ByteString.copyFrom(bytes), dims);
    }

    /** Whether a tensor or initializer of this name exists already. */
    boolean has(String name) {
        return names.contains(name);
    }

    /** A floating-point scalar initializer; added once, later calls with the same name return it. */
    String scalar(String name, double value) {
        return names.contains(name) ? name : tensor(name, new double[] {value});
    }

    /** An int64 initializer; added once, later calls with the same name return it. */
    String int64s(String name, long[] values, long... dims) {
        if (names.contains(name)) {
            return name;
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bytes.putLong(v);
        }
        bytes.flip();
        return initializer(name, TensorProto.DataType.INT64_VALUE, ByteString.copyFrom(bytes), dims);
    }

    private String initializer(String name, int type, ByteString raw, long... dims) {
        claim(name);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type).setRawData(raw);
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds the node {@code op(inputs) -> output} without attributes; returns {@code output}. */
    String node(String op, String output, String... inputs) {
        return node(op, output, List.of(), inputs);
    }

    /** Adds the node {@code op(inputs) -> output}; returns {@code output}. */
    String node(String op, String output, List<Attribute> attributes, String... inputs) {
        node(op, new String[] {output}, attributes, inputs);
        return output;
    }

    /** Adds a node with several outputs; the node is named after its first output. */
    void node(String op, String[] outputs, List<Attribute> attributes, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(outputs[0] + "/" + op);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (String out : outputs) {
            claim(out);
            n.addOutput(out);
        }
        for (Attribute a : attributes) {
            n.addAttribute(attribute(a));
        }
        graph.addNode(n);
    }

    private static AttributeProto attribute(Attribute a) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(a.name());
        if (a.value() instanceof Long i) {
            b.setType(AttributeProto.AttributeType.INT).setI(i);
        } else if (a.value() instanceof Float f) {
            b.setType(AttributeProto.AttributeType.FLOAT).setF(f);
        } else {
            b.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8((String) a.value()));
        }
        return b.build();
    }

    /** Every tensor name is assigned once (ONNX graphs are in SSA form). */
    private void claim(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("the tensor name " + name + " is used twice");
        }
    }

    /** The serialised model: this graph under {@code options}' names, opset and IR version. */
    byte[] toBytes(OnnxOptions options, String docString) {
        GraphProto g = graph.clone().setName(options.graphName()).setDocString(docString).build();
        return ModelProto.newBuilder()
                .setIrVersion(options.irVersion())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()))
                .setProducerName(options.producerName())
                .setGraph(g)
                .build()
                .toByteArray();
    }
}
