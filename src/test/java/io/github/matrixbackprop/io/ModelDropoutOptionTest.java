package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.matrixbackprop.FuzzCorpus;
import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.io.ModelFormatException.Problem;
import io.github.matrixbackprop.model.Model;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dropout rates in models (kind 3, docs/model-format.md): the network inside a model keeps the
 * version-1 network layout, and a rate above 0 is the layer option {@code dropout}; compared with
 * files written here field by field from the documented layout.
 */
class ModelDropoutOptionTest {

    /** {@code 2 -> 1 relu (dropout rate1) -> 1 identity}, with input scaling and no class names. */
    private static Model example(double rate1) {
        Network n = Network.of(Layer.of(new double[][] {{0.25, -1}}, new double[] {0}, Activations.relu())
                .withDropout(rate1), Layer.of(new double[][] {{2}}, new double[] {0.5}, Activations.identity()));
        return Model.of(n).withScaler(new Scaler(new double[] {1, -1}, new double[] {2, 0.5}));
    }

    /**
     * The example model's file as the format page lays it out, with {@code options1} the options of
     * layer 1 as (name, value) pairs and the options of layer 2 empty.
     */
    private static byte[] documented(Object... options1) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(payload);
        p.writeInt(2); // L; then the layers in the version-1 network layout, without rates
        p.writeShort(4);
        p.write("relu".getBytes(StandardCharsets.US_ASCII));
        p.writeShort(0);
        p.writeInt(1);
        p.writeInt(2);
        for (double v : new double[] {0.25, -1, 0}) {
            p.writeDouble(v);
        }
        p.writeShort(8);
        p.write("identity".getBytes(StandardCharsets.US_ASCII));
        p.writeShort(0);
        p.writeInt(1);
        p.writeInt(1);
        p.writeDouble(2);
        p.writeDouble(0.5);
        p.writeShort(options1.length / 2); // layer 1's options
        for (int i = 0; i < options1.length; i += 2) {
            byte[] name = ((String) options1[i]).getBytes(StandardCharsets.UTF_8);
            p.writeShort(name.length);
            p.write(name);
            p.writeDouble((Double) options1[i + 1]);
        }
        p.writeShort(0); // layer 2's options
        p.writeByte(1); // input: affine
        p.writeInt(2);
        for (double v : new double[] {1, -1, 2, 0.5}) {
            p.writeDouble(v);
        }
        p.writeByte(0); // output: values
        byte[] body = payload.toByteArray();
        return TestFiles.file(2, 3, body);
    }

    @Test
    void aRateIsTheLayerOptionDropoutAsDocumented(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dropout.mxbp");
        ModelFiles.save(example(0.5), file);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(documented("dropout", 0.5), bytes);
        assertEquals(16 + 139 + 4, bytes.length, "the format page's example has a payload of 139 bytes");
        assertEquals(0x84C8123B, ByteBuffer.wrap(bytes).getInt(155), "and the CRC-32 it shows");
        Path plain = dir.resolve("plain.mxbp");
        ModelFiles.save(example(0.0), plain);
        assertArrayEquals(documented(), Files.readAllBytes(plain), "a rate of 0 writes no option");
    }

    @Test
    void aModelWithDropoutRoundTripsWithItsRates(@TempDir Path dir) throws IOException {
        Network net = TestNets.withDropout(TestNets.random(2, new int[] {4, 7, 5, 3}, Activations.elu(0.5),
                Activations.tanh(), Activations.softmax()), 0.3, 0.0, 0.0);
        net = Network.of(net.layer(1), net.layer(2).withDropout(Math.nextDown(1.0)), net.layer(3));
        DMatrixRMaj raw = TestNets.inputs(5, 9, 4);
        Model m = Model.of(net).withScaler(Scaler.standardize(raw)).withClasses(List.of("a", "b", "c"));
        Path file = dir.resolve("model.mxbp");
        ModelFiles.save(m, file);
        Model back = ModelFiles.loadModel(file);
        assertEquals(net.toString(), back.network().toString());
        for (int l = 1; l <= 3; l++) {
            assertEquals(Double.doubleToRawLongBits(net.layer(l).dropout()),
                    Double.doubleToRawLongBits(back.network().layer(l).dropout()), "layer " + l);
            assertArrayEquals(net.layer(l).weights().data, back.network().layer(l).weights().data, 0.0);
            assertArrayEquals(net.layer(l).bias().data, back.network().layer(l).bias().data, 0.0);
        }
        assertEquals(List.of("a", "b", "c"), back.classes());
        assertArrayEquals(m.predict(raw).data, back.predict(raw).data, 0.0);
        // the model's network saved alone is a version 2 network file with the same rates
        Path network = dir.resolve("network.mxbp");
        ModelFiles.save(back.network(), network);
        assertEquals(2, ByteBuffer.wrap(Files.readAllBytes(network)).getShort(4));
        assertEquals(net.toString(), ModelFiles.loadModel(network).network().toString());
    }

    private static ModelFormatException load(Path dir, byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve("edited.mxbp"), FuzzCorpus.refresh(bytes));
        return assertThrows(ModelFormatException.class, () -> ModelFiles.loadModel(file));
    }

    @Test
    void badOptionsAreNamed(@TempDir Path dir) throws IOException {
        String src = dir.resolve("edited.mxbp") + ": invalid content: ";
        ModelFormatException unknown = load(dir, documented("momentum", 0.5));
        assertEquals(Problem.INVALID, unknown.problem());
        assertEquals(src + "layer 1 has the option 'momentum', which this library does not know (known: dropout)",
                unknown.getMessage());
        assertEquals(src + "layer 1 has the option 'dropout' twice",
                load(dir, documented("dropout", 0.25, "dropout", 0.5)).getMessage());
        for (double rate : new double[] {Double.NaN, 1.0, -0.5, Double.POSITIVE_INFINITY}) {
            assertEquals(src + "layer 1: dropout rate must be in [0.0, 1.0) but was " + rate,
                    load(dir, documented("dropout", rate)).getMessage());
        }
        // the output layer may not drop: its option is refused as the network refuses it
        byte[] output = documented();
        int layer2Options = 16 + 4 + (2 + 4 + 2 + 4 + 4 + 3 * 8) + (2 + 8 + 2 + 4 + 4 + 2 * 8) + 2;
        byte[] withOption = new byte[output.length + 2 + 7 + 8];
        ByteBuffer b = ByteBuffer.wrap(withOption);
        b.put(output, 0, layer2Options).putShort((short) 1).putShort((short) 7)
                .put("dropout".getBytes(StandardCharsets.US_ASCII)).putDouble(0.5)
                .put(output, layer2Options + 2, output.length - layer2Options - 2);
        assertEquals(src + "layer 2 is the output layer but has dropout rate 0.5; dropout is for hidden layers only"
                + " (the output layer's rate must be 0)", load(dir, withOption).getMessage());
    }
}
