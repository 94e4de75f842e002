package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.FuzzCorpus;
import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.activation.ElementwiseActivation;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.io.ModelFormatException.Problem;
import io.github.matrixbackprop.model.Model;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models in format version 2 (kind 3), version-1 files, and activations from the registry. */
class ModelFileVersion2Test {

    /** A classifier with input scaling whose values have bits that matter. */
    static Model model() {
        Network n = ModelFilesTest.network(); // 4 -> 6 leaky_relu(-0.2) -> 5 elu(0.7) -> 3 softmax
        DMatrixRMaj raw = TestNets.inputs(2, 10, 4);
        double[] shift = {Double.MIN_VALUE, -0.0, 1e300, 0.1};
        double[] scale = Scaler.standardize(raw).scale();
        return Model.of(n).withScaler(new Scaler(shift, scale)).withClasses(List.of("setosa", "versicolor", "\u00e9t\u00e9"));
    }

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void aModelRoundTripsBitExactly(@TempDir Path dir) throws IOException {
        Model m = model();
        Path file = dir.resolve("model.mxbp");
        ModelFiles.save(m, file);
        Model back = ModelFiles.loadModel(file);
        assertEquals(m.network().toString(), back.network().toString());
        for (int l = 1; l <= 3; l++) {
            assertArrayEquals(bits(m.network().layer(l).weights().data), bits(back.network().layer(l).weights().data));
            assertArrayEquals(bits(m.network().layer(l).bias().data), bits(back.network().layer(l).bias().data));
            assertEquals(m.network().layer(l).activation(), back.network().layer(l).activation());
        }
        assertArrayEquals(bits(m.scaler().orElseThrow().shift()), bits(back.scaler().orElseThrow().shift()));
        assertArrayEquals(bits(m.scaler().orElseThrow().scale()), bits(back.scaler().orElseThrow().scale()));
        assertEquals(m.classes(), back.classes());
        DMatrixRMaj x = TestNets.inputs(3, 6, 4);
        assertArrayEquals(m.predict(x).data, back.predict(x).data, 0.0);
        assertEquals(m.predictClasses(x), back.predictClasses(x));
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(2, ByteBuffer.wrap(bytes).getShort(4), "version 2");
        assertEquals(3, bytes[6], "kind 3, a model");
    }

    @Test
    void aModelWithoutScalingOrClassesRoundTrips(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("plain.mxbp");
        ModelFiles.save(Model.of(ModelFilesTest.network()), file);
        Model back = ModelFiles.loadModel(file);
        assertFalse(back.scaler().isPresent());
        assertFalse(back.isClassifier());
        DMatrixRMaj x = TestNets.inputs(3, 6, 4);
        assertArrayEquals(ModelFilesTest.network().predict(x).data, back.predict(x).data, 0.0);
    }

    /** The bytes docs/model-format.md describes for a small model, written out field by field. */
    @Test
    void theBytesAreTheDocumentedLayout(@TempDir Path dir) throws IOException {
        Layer layer = Layer.of(new double[][] {{1, 2}, {3, 4}}, new double[] {0.5, -0.5}, Activations.leakyRelu(0.25));
        Model m = Model.of(Network.of(layer)).withScaler(new Scaler(new double[] {1, 2}, new double[] {3, 4}))
                .withClasses(List.of("a", "\u00e9"));
        Path file = dir.resolve("small.mxbp");
        ModelFiles.save(m, file);

        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(payload);
        p.writeInt(1); // L
        p.writeShort(10);
        p.write("leaky_relu".getBytes(StandardCharsets.US_ASCII));
        p.writeShort(1); // one activation parameter
        p.writeShort(5);
        p.write("slope".getBytes(StandardCharsets.US_ASCII));
        p.writeDouble(0.25);
        p.writeInt(2); // rows
        p.writeInt(2); // cols
        for (double v : new double[] {1, 2, 3, 4, 0.5, -0.5}) {
            p.writeDouble(v);
        }
        p.writeShort(0); // layer 1: no options
        p.writeByte(1); // input: affine
        p.writeInt(2);
        for (double v : new double[] {1, 2, 3, 4}) {
            p.writeDouble(v);
        }
        p.writeByte(1); // output: classes
        p.writeInt(2);
        p.writeShort(1);
        p.write('a');
        p.writeShort(2);
        p.write(new byte[] {(byte) 0xc3, (byte) 0xa9}); // é in UTF-8
        byte[] body = payload.toByteArray();
        assertArrayEquals(TestFiles.file(2, 3, body), Files.readAllBytes(file));
    }

    /** A version-1 network file, written here byte by byte as version 1 of docs/model-format.md describes it. */
    static byte[] versionOneNetwork() throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(payload);
        p.writeInt(2);
        p.writeShort(4);
        p.write("tanh".getBytes(StandardCharsets.US_ASCII));
        p.writeShort(0);
        p.writeInt(2);
        p.writeInt(1);
        for (double v : new double[] {0.5, -1.5, 0.25, 0.125}) { // W^1 (2x1), b^1
            p.writeDouble(v);
        }
        p.writeShort(8);
        p.write("identity".getBytes(StandardCharsets.US_ASCII));
        p.writeShort(0);
        p.writeInt(1);
        p.writeInt(2);
        for (double v : new double[] {2, -3, 0.75}) { // W^2 (1x2), b^2
            p.writeDouble(v);
        }
        byte[] body = payload.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(16 + body.length + 4);
        b.put(new byte[] {'M', 'X', 'B', 'P'}).putShort((short) 1).put((byte) 1).put((byte) 0).putLong(0).put(body);
        return FuzzCorpus.refresh(b.array());
    }

    @Test
    void versionOneNetworkFilesStillLoadAsNetworksAndAsModels(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("v1.mxbp"), versionOneNetwork());
        double x = 0.8;
        double expected = 2 * Math.tanh(0.5 * x + 0.25) - 3 * Math.tanh(-1.5 * x + 0.125) + 0.75;
        DMatrixRMaj in = new DMatrixRMaj(new double[][] {{x}});
        assertEquals(expected, ModelFiles.loadNetwork(file).predict(in).get(0, 0), 1e-15);
        Model m = ModelFiles.loadModel(file);
        assertFalse(m.scaler().isPresent());
        assertFalse(m.isClassifier());
        assertEquals(expected, m.predict(in).get(0, 0), 1e-15);

        Path saved = dir.resolve("saved.mxbp");
        ModelFiles.save(ModelFiles.loadNetwork(file), saved);
        assertArrayEquals(versionOneNetwork(), Files.readAllBytes(saved), "networks are still written as version 1");
    }

    @Test
    void kindsAreKeptApart(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("model.mxbp");
        ModelFiles.save(model(), model);
        ModelFormatException network = assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(model));
        assertEquals(Problem.WRONG_KIND, network.problem());
        assertEquals(model + ": the file holds a model, not a network", network.getMessage());
        Path state = dir.resolve("state.mxbp");
        ModelFiles.save(Adam.defaults().create(ModelFilesTest.network()).state(), state);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.loadModel(state));
        assertEquals(state + ": the file holds an optimizer state, not a model or a network", e.getMessage());

        byte[] v1 = Files.readAllBytes(model);
        ByteBuffer.wrap(v1).putShort(4, (short) 1);
        Path old = Files.write(dir.resolve("old.mxbp"), FuzzCorpus.refresh(v1));
        ModelFormatException version = assertThrows(ModelFormatException.class, () -> ModelFiles.loadModel(old));
        assertEquals(Problem.INVALID, version.problem());
        assertEquals(old + ": invalid content: format version 1 has no models (kind 3 is new in version 2)",
                version.getMessage());

        byte[] v3 = Files.readAllBytes(model);
        ByteBuffer.wrap(v3).putShort(4, (short) 3);
        Path newer = Files.write(dir.resolve("newer.mxbp"), FuzzCorpus.refresh(v3));
        ModelFormatException n = assertThrows(ModelFormatException.class, () -> ModelFiles.loadModel(newer));
        assertEquals(Problem.NEWER_VERSION, n.problem());
        assertEquals(newer + ": format version 3 is newer than this library reads (up to 2)", n.getMessage());
    }

    /** The file offset of the layer options of {@code m}: its network payload is what save(Network) writes. */
    private static int afterNetwork(Path dir, Model m) throws IOException {
        Path network = dir.resolve("network-only.mxbp");
        ModelFiles.save(m.network(), network);
        return (int) Files.size(network) - 4; // header and network payload, without the CRC-32
    }

    private static ModelFormatException loadEdited(Path dir, byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve("edited.mxbp"), FuzzCorpus.refresh(bytes));
        return assertThrows(ModelFormatException.class, () -> ModelFiles.loadModel(file));
    }

    @Test
    void inconsistentModelContentIsNamed(@TempDir Path dir) throws IOException {
        Model m = model();
        Path file = dir.resolve("m.mxbp");
        ModelFiles.save(m, file);
        byte[] good = Files.readAllBytes(file);
        int options = afterNetwork(dir, m); // 3 x u16 layer options, then the input byte
        int input = options + 6;
        String src = dir.resolve("edited.mxbp") + ": invalid content: ";

        byte[] option = good.clone();
        ByteBuffer.wrap(option).putShort(options + 2, (short) 1); // layer 2 claims an option
        ModelFormatException o = loadEdited(dir, option);
        assertEquals(Problem.INVALID, o.problem());
        assertTrue(o.getMessage().startsWith(src + "layer 2 has the option "), o.getMessage());
        assertTrue(o.getMessage().endsWith(", which this library does not know (known: dropout)"), o.getMessage());

        byte[] transform = good.clone();
        transform[input] = 7;
        assertEquals(src + "unknown input transformation 7", loadEdited(dir, transform).getMessage());

        byte[] columns = good.clone();
        ByteBuffer.wrap(columns).putInt(input + 1, 5);
        assertEquals(src + "the input scaling has 5 columns but the network takes 4 inputs",
                loadEdited(dir, columns).getMessage());

        byte[] scale = good.clone();
        ByteBuffer.wrap(scale).putDouble(input + 1 + 4 + 4 * 8 + 2 * 8, -1.0); // scale of column 2
        assertEquals(src + "input scaling: the scale of column 2 must be finite and > 0 but was -1.0",
                loadEdited(dir, scale).getMessage());

        int output = input + 1 + 4 + 8 * 8;
        byte[] kind = good.clone();
        kind[output] = 9;
        assertEquals(src + "unknown output kind 9", loadEdited(dir, kind).getMessage());

        byte[] count = good.clone();
        ByteBuffer.wrap(count).putInt(output + 1, 2);
        assertEquals(src + "2 class names for a network with 3 outputs; a classifier names every output, so it needs 3",
                loadEdited(dir, count).getMessage());

        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).putInt(output + 1, Integer.MAX_VALUE);
        assertTrue(loadEdited(dir, huge).getMessage().startsWith(src + "the model declares 2147483647 class names"
                + " but only "));

        byte[] cut = Arrays.copyOf(good, output + 3 + 4);
        assertEquals(src + "the model content ends early", loadEdited(dir, cut).getMessage());
    }

    /** {@code f(z) = z^3}: an activation of the user's. */
    record Cube() implements ElementwiseActivation {
        @Override public String name() { return "cube"; }
        @Override public double value(double z) { return z * z * z; }
        @Override public double derivative(double z, double a) { return 3 * z * z; }
    }

    /** {@code f(z) = gain z}, with a parameter. */
    record Gain(double gain) implements ElementwiseActivation {
        @Override public String name() { return "gain"; }
        @Override public Map<String, Double> parameters() { return Map.of("gain", gain); }
        @Override public double value(double z) { return gain * z; }
        @Override public double derivative(double z, double a) { return gain; }
    }

    @Test
    void aRegisteredActivationSavesAndLoadsAndAnUnregisteredOneIsNamed(@TempDir Path dir) throws IOException {
        Network net = Network.builder(3).dense(4, new Cube()).dense(2, new Gain(-1.5)).seed(3).build();
        Model m = Model.of(net).withClasses(List.of("lo", "hi"));
        Path file = dir.resolve("custom.mxbp");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(m, file));
        assertTrue(refused.getMessage().startsWith("layer 1: activation 'cube' (" + Cube.class.getName()
                + ") is neither built in nor registered, so a file could not recreate it; register it with"
                + " Activations.register(name, factory)"), refused.getMessage());
        assertFalse(Files.exists(file));

        Activations.register("cube", p -> new Cube());
        Activations.register("gain", p -> new Gain(p.getOrDefault("gain", 1.0)));
        try {
            ModelFiles.save(m, file);
            Model back = ModelFiles.loadModel(file);
            assertInstanceOf(Cube.class, back.network().layer(1).activation());
            assertEquals(new Gain(-1.5), back.network().layer(2).activation());
            DMatrixRMaj x = TestNets.inputs(4, 5, 3);
            assertArrayEquals(m.predict(x).data, back.predict(x).data, 0.0);
        } finally {
            Activations.unregister("cube");
            Activations.unregister("gain");
        }
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.loadModel(file));
        assertEquals(Problem.UNKNOWN_ACTIVATION, e.problem());
        assertEquals(file + ": layer 1 uses the activation 'cube', which is neither built in nor registered (register"
                + " it with Activations.register before loading); known: identity, sigmoid, tanh, relu, leaky_relu, elu,"
                + " softplus, gelu, silu, softmax", e.getMessage());
    }

    @Test
    void anActivationOfAnotherClassUnderARegisteredNameIsRefused(@TempDir Path dir) {
        ElementwiseActivation fake = new ElementwiseActivation() {
            @Override public String name() { return "relu"; }
            @Override public double value(double z) { return Math.abs(z); }
            @Override public double derivative(double z, double a) { return Math.signum(z); }
        };
        Model m = Model.of(Network.builder(2).dense(2, fake).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFiles.save(m, dir.resolve("fake.mxbp")));
        assertTrue(e.getMessage().startsWith("layer 1: activation 'relu' (") && e.getMessage().endsWith(
                ") is not the one known under that name (io.github.matrixbackprop.activation.Relu with parameters {}),"
                        + " so a file could not recreate it"), e.getMessage());
    }
}
