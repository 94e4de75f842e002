package io.github.matrixbackprop.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.kernel.Precision;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The structure of the exported graphs, read back with the ONNX protobuf classes: model header,
 * input and output, the operators of every activation in order, attributes and initializers; and
 * a checker that every graph is well formed (each tensor assigned once, used only after it is
 * assigned, the output produced).
 */
class OnnxGraphTest {

    private static final Scaler SCALER = new Scaler(new double[] {0.5, -1, 2, 0.25}, new double[] {2, 0.1, 3, 1});

    private static ModelProto parse(byte[] bytes) throws InvalidProtocolBufferException {
        return ModelProto.parseFrom(bytes);
    }

    private static ModelProto export(Network net, Scaler scaler, OnnxOptions options)
            throws InvalidProtocolBufferException {
        ModelProto model = parse(OnnxExporter.toBytes(net, scaler, options));
        checkWellFormed(model.getGraph());
        return model;
    }

    private static Network net(Activation... fs) {
        int[] widths = new int[fs.length + 1];
        widths[0] = 4;
        for (int l = 1; l <= fs.length; l++) {
            widths[l] = 2 + l;
        }
        return TestNets.random(11, widths, fs);
    }

    private static List<String> ops(GraphProto g) {
        List<String> ops = new ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            ops.add(n.getOpType());
        }
        return ops;
    }

    private static NodeProto first(GraphProto g, String op) {
        return g.getNodeList().stream().filter(n -> n.getOpType().equals(op)).findFirst().orElseThrow();
    }

    private static AttributeProto attribute(NodeProto n, String name) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().orElseThrow();
    }

    private static TensorProto initializer(GraphProto g, String name) {
        return g.getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    }

    /** The raw little-endian data of a double initializer. */
    private static double[] doubles(TensorProto t) {
        assertEquals(TensorProto.DataType.DOUBLE_VALUE, t.getDataType(), t.getName());
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[b.remaining() / Double.BYTES];
        b.asDoubleBuffer().get(v);
        return v;
    }

    /** The raw little-endian data of a float initializer. */
    private static float[] floats(TensorProto t) {
        assertEquals(TensorProto.DataType.FLOAT_VALUE, t.getDataType(), t.getName());
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / Float.BYTES];
        b.asFloatBuffer().get(v);
        return v;
    }

    private static void assertShape(ValueInfoProto v, String name, int elementType, long width) {
        assertEquals(name, v.getName());
        assertEquals(elementType, v.getType().getTensorType().getElemType(), name);
        List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        assertEquals(2, dims.size(), name);
        assertTrue(dims.get(0).hasDimParam(), name + ": the batch dimension is dynamic");
        assertEquals("N", dims.get(0).getDimParam());
        assertEquals(width, dims.get(1).getDimValue(), name);
    }

    /**
     * The graph checker: every node input is the graph input, an initializer or an earlier node's
     * output (topological order); every name is assigned once; the graph output is produced; every
     * initializer is used and stored as raw data only.
     */
    static void checkWellFormed(GraphProto g) {
        Set<String> defined = new HashSet<>();
        for (ValueInfoProto in : g.getInputList()) {
            assertTrue(defined.add(in.getName()), in.getName());
        }
        for (TensorProto t : g.getInitializerList()) {
            assertTrue(defined.add(t.getName()), "initializer " + t.getName() + " defined twice");
            assertFalse(t.getRawData().isEmpty(), t.getName());
            assertEquals(0, t.getDoubleDataCount() + t.getFloatDataCount() + t.getInt64DataCount(), t.getName());
        }
        Set<String> used = new HashSet<>();
        Set<String> nodeNames = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            assertTrue(nodeNames.add(n.getName()), "node name " + n.getName() + " used twice");
            for (String in : n.getInputList()) {
                assertTrue(defined.contains(in), n.getName() + " reads " + in + " before it is assigned");
                used.add(in);
            }
            for (String out : n.getOutputList()) {
                assertTrue(defined.add(out), n.getName() + " assigns " + out + " a second time");
            }
        }
        assertEquals(1, g.getOutputCount());
        assertTrue(defined.contains(g.getOutput(0).getName()), "the output is never assigned");
        for (TensorProto t : g.getInitializerList()) {
            assertTrue(used.contains(t.getName()), "initializer " + t.getName() + " is never used");
        }
    }

    @Test
    void headerInputOutputAndTheLayersInOrder() throws Exception {
        Network net = net(Activations.relu(), Activations.tanh(), Activations.softmax());
        ModelProto m = export(net, SCALER, OnnxOptions.defaults());
        assertEquals(8, m.getIrVersion());
        assertEquals(1, m.getOpsetImportCount());
        assertEquals("", m.getOpsetImport(0).getDomain());
        assertEquals(17, m.getOpsetImport(0).getVersion());
        assertEquals("matrix-backprop", m.getProducerName());
        GraphProto g = m.getGraph();
        assertEquals("network", g.getName());
        assertEquals(1, g.getInputCount());
        assertShape(g.getInput(0), "input", TensorProto.DataType.DOUBLE_VALUE, 4);
        assertShape(g.getOutput(0), "output", TensorProto.DataType.DOUBLE_VALUE, 5);
        assertEquals(List.of("Sub", "Div", "Gemm", "Relu", "Gemm", "Tanh", "Gemm", "Softmax"), ops(g));
        assertEquals(List.of("input", "shift"), g.getNode(0).getInputList());
        assertEquals(List.of("shifted_input", "scale"), g.getNode(1).getInputList());
        assertEquals(List.of("scaled_input", "W1", "b1"), g.getNode(2).getInputList());
        assertEquals(List.of("a2", "W3", "b3"), g.getNode(6).getInputList());
        assertEquals(List.of("output"), g.getNode(7).getOutputList());
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Gemm")) {
                assertEquals(1, n.getAttributeCount(), "only transB; alpha, beta and transA keep their defaults");
                assertEquals(1, attribute(n, "transB").getI());
            }
        }
        assertEquals(1, attribute(first(g, "Softmax"), "axis").getI());
    }

    @Test
    void initializersHoldTheParametersAsLittleEndianRawData() throws Exception {
        Network net = net(Activations.relu(), Activations.identity());
        GraphProto g = export(net, SCALER, OnnxOptions.defaults()).getGraph();
        for (int l = 1; l <= 2; l++) {
            Layer layer = net.layer(l);
            TensorProto w = initializer(g, "W" + l);
            assertEquals(List.of((long) layer.outputs(), (long) layer.inputs()), w.getDimsList(), "W is n_l x n_{l-1}");
            assertArrayEquals(layer.weights().data, doubles(w));
            TensorProto b = initializer(g, "b" + l);
            assertEquals(List.of((long) layer.outputs()), b.getDimsList());
            assertArrayEquals(layer.bias().data, doubles(b));
        }
        assertArrayEquals(SCALER.shift(), doubles(initializer(g, "shift")));
        assertArrayEquals(SCALER.scale(), doubles(initializer(g, "scale")));
        assertEquals(List.of(4L), initializer(g, "scale").getDimsList());

        GraphProto g32 = export(net, SCALER, OnnxOptions.defaults().withPrecision(Precision.FLOAT32)).getGraph();
        float[] w32 = floats(initializer(g32, "W1"));
        for (int i = 0; i < w32.length; i++) {
            assertEquals((float) net.layer(1).weights().data[i], w32[i]);
        }
        assertShape(g32.getInput(0), "input", TensorProto.DataType.FLOAT_VALUE, 4);
        assertShape(g32.getOutput(0), "output", TensorProto.DataType.FLOAT_VALUE, 4);
    }

    @Test
    void withoutAScalerTheFirstGemmReadsTheInputAndIdentityAddsNoNode() throws Exception {
        GraphProto g = export(net(Activations.identity(), Activations.sigmoid(), Activations.identity()), null,
                OnnxOptions.defaults()).getGraph();
        assertEquals(List.of("Gemm", "Gemm", "Sigmoid", "Gemm"), ops(g));
        assertEquals("input", g.getNode(0).getInput(0));
        assertEquals(List.of("a1"), g.getNode(0).getOutputList(), "the hidden identity layer's Gemm gives a^1");
        assertEquals(List.of("output"), g.getNode(3).getOutputList(), "the last Gemm writes the output itself");
        assertFalse(g.getInitializerList().stream().anyMatch(t -> t.getName().equals("shift")));
    }

    @Test
    void float32UsesTheOnnxOperators() throws Exception {
        Network net = net(Activations.leakyRelu(0.2), Activations.elu(0.7), Activations.softplus(), Activations.silu(),
                Activations.gelu());
        OnnxOptions f32 = OnnxOptions.defaults().withPrecision(Precision.FLOAT32);
        GraphProto g = export(net, null, f32).getGraph();
        assertEquals(List.of("Gemm", "LeakyRelu", "Gemm", "Elu", "Gemm", "Softplus", "Gemm", "Sigmoid", "Mul",
                "Gemm", "Mul", "Erf", "Add", "Mul", "Mul"), ops(g));
        assertEquals(0.2f, attribute(first(g, "LeakyRelu"), "alpha").getF());
        assertEquals(0.7f, attribute(first(g, "Elu"), "alpha").getF());
        assertEquals((float) (1 / Math.sqrt(2)), floats(initializer(g, "inv_sqrt2"))[0]);

        GraphProto g20 = export(net, null, f32.withOpset(20)).getGraph();
        assertEquals(List.of("Gemm", "Gelu"), ops(g20).subList(ops(g20).size() - 2, ops(g20).size()));
        assertEquals("none", attribute(first(g20, "Gelu"), "approximate").getS().toStringUtf8());
    }

    @Test
    void float64WritesTheActivationsWithoutDoubleKernelsInTheLibrarysFormula() throws Exception {
        Network net = net(Activations.leakyRelu(), Activations.elu(0.7), Activations.softplus(), Activations.silu());
        GraphProto g = export(net, null, OnnxOptions.defaults()).getGraph();
        assertEquals(List.of(
                "Gemm", "Greater", "Mul", "Where",
                "Gemm", "Exp", "Sub", "Mul", "Greater", "Where",
                "Gemm", "Abs", "Neg", "Exp", "Add", "Log", "Max", "Add",
                "Gemm", "Neg", "Exp", "Add", "Div"), ops(g));
        assertArrayEquals(new double[] {0.01}, doubles(initializer(g, "a1/slope")), "the slope as a double, not 0.01f");
        assertArrayEquals(new double[] {0.7}, doubles(initializer(g, "a2/alpha")));
        assertEquals(0, initializer(g, "a1/slope").getDimsCount(), "a scalar");
    }

    @Test
    void float64GeluEvaluatesTheNormalCdfByPiecesSharedByItsLayers() throws Exception {
        GraphProto g = export(net(Activations.gelu(), Activations.gelu()), null, OnnxOptions.defaults().withOpset(23))
                .getGraph();
        List<String> ops = ops(g);
        assertFalse(ops.contains("Erf") || ops.contains("Gelu"), "ONNX Runtime has no double kernel for them");
        assertEquals(2, ops.stream().filter(op -> op.equals("Gather")).count());
        assertEquals(List.of("IsNaN", "Where", "Clip", "Sub", "Mul", "Floor", "Mul", "Add", "Sub", "Mul", "Cast",
                "Gather", "Split", "Unsqueeze"), ops.subList(1, 15));
        assertEquals("Mul", ops.get(ops.size() - 1));
        TensorProto table = initializer(g, "normal_cdf_pieces");
        assertEquals(List.of((long) NormalCdfPieces.PIECES, (long) NormalCdfPieces.DEGREE + 1), table.getDimsList());
        assertArrayEquals(NormalCdfPieces.table(), doubles(table));
        assertEquals(1, g.getInitializerList().stream().filter(t -> t.getName().equals("normal_cdf_pieces")).count());
        assertEquals(TensorProto.DataType.INT64_VALUE, attribute(first(g, "Cast"), "to").getI());
    }

    @Test
    void theOpsetFixesTheIrVersionAndTheNamesAreTheOptions() throws Exception {
        Network net = net(Activations.tanh());
        int[][] expected = {{17, 8}, {18, 8}, {19, 9}, {20, 9}, {21, 10}, {22, 10}, {23, 11}};
        for (int[] e : expected) {
            ModelProto m = export(net, null, OnnxOptions.defaults().withOpset(e[0]));
            assertEquals(e[0], m.getOpsetImport(0).getVersion());
            assertEquals(e[1], m.getIrVersion(), "opset " + e[0]);
        }
        ModelProto named = export(net, null, OnnxOptions.defaults().withGraphName("iris").withProducerName("me"));
        assertEquals("iris", named.getGraph().getName());
        assertEquals("me", named.getProducerName());
        assertTrue(named.getGraph().getDocString().contains(net.toString()), named.getGraph().getDocString());
    }

    @Test
    void everyActivationGivesAWellFormedGraphInEveryPrecisionAndOpset() throws Exception {
        List<Activation> all = new ArrayList<>();
        for (String name : Activations.NAMES) {
            all.add(Activations.byName(name));
        }
        Network net = net(all.toArray(new Activation[0]));
        for (Precision p : Precision.values()) {
            for (int opset = OnnxOptions.MIN_OPSET; opset <= OnnxOptions.MAX_OPSET; opset++) {
                export(net, SCALER, OnnxOptions.defaults().withPrecision(p).withOpset(opset));
            }
        }
    }

    @Test
    void exportWritesTheSameBytesToTheFileAndReplacesIt(@TempDir Path dir) throws Exception {
        Network net = net(Activations.relu(), Activations.softmax());
        Path file = dir.resolve("model.onnx");
        Files.writeString(file, "old content");
        OnnxExporter.export(net, SCALER, file);
        assertArrayEquals(OnnxExporter.toBytes(net, SCALER, OnnxOptions.defaults()), Files.readAllBytes(file));
        OnnxOptions f32 = OnnxOptions.defaults().withPrecision(Precision.FLOAT32);
        OnnxExporter.export(net, null, file, f32);
        assertArrayEquals(OnnxExporter.toBytes(net, null, f32), Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void exportingTwiceGivesTheSameBytesAndChangesNothing() throws Exception {
        Network net = TestNets.random(3, new int[] {4, 6, 3}, Activations.gelu(), Activations.softmax());
        Network before = net.copy();
        DMatrixRMaj x = TestNets.inputs(1, 5, 4);
        byte[] a = OnnxExporter.toBytes(net, SCALER, OnnxOptions.defaults());
        byte[] b = OnnxExporter.toBytes(net, SCALER, OnnxOptions.defaults());
        assertArrayEquals(a, b);
        assertArrayEquals(before.predict(x).data, net.predict(x).data);
        assertArrayEquals(new double[] {0.5, -1, 2, 0.25}, SCALER.shift());
    }
}
