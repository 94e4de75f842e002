package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dropout rates in model files (docs/model-format.md): version 2 for a network with dropout, version 1
 * byte for byte otherwise; both compared with files written here field by field from the documented layout.
 */
class DropoutModelFilesTest {

    /** The documented example: {@code 2 -> 1 relu dropout p -> 1 identity}. */
    private static Network example(double p) {
        return Network.of(Layer.of(new double[][] {{0.25, -1}}, new double[] {0}, Activations.relu()).withDropout(p),
                Layer.of(new double[][] {{2}}, new double[] {0.5}, Activations.identity()));
    }

    /**
     * The example's file as the format page lays it out: header, payload (the dropout field of each layer
     * only in version 2, with the given rates), CRC-32.
     */
    private static byte[] documented(int version, double rate1, double rate2) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(payload);
        p.writeInt(2);
        p.writeShort(4);
        p.write("relu".getBytes(StandardCharsets.US_ASCII));
        p.writeShort(0);
        p.writeInt(1);
        p.writeInt(2);
        p.writeDouble(0.25);
        p.writeDouble(-1);
        p.writeDouble(0);
        if (version >= 2) {
            p.writeDouble(rate1);
        }
        p.writeShort(8);
        p.write("identity".getBytes(StandardCharsets.US_ASCII));
        p.writeShort(0);
        p.writeInt(1);
        p.writeInt(1);
        p.writeDouble(2);
        p.writeDouble(0.5);
        if (version >= 2) {
            p.writeDouble(rate2);
        }
        byte[] body = payload.toByteArray();
        return TestFiles.file(version, 1, body);
    }

    @Test
    void aNetworkWithDropoutIsVersion2AsDocumented(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dropout.mxbp");
        ModelFiles.save(example(0.5), file);
        byte[] expected = documented(2, 0.5, 0.0);
        assertEquals(16 + 96 + 4, expected.length, "the format page's example has a payload of 96 bytes");
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void aNetworkWithoutDropoutIsStillVersion1ByteForByte(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("plain.mxbp");
        ModelFiles.save(example(0.0), file);
        assertArrayEquals(documented(1, 0, 0), Files.readAllBytes(file));
    }

    @Test
    void ratesRoundTripAndVersion1FilesLoadWithoutDropout(@TempDir Path dir) throws IOException {
        Network net = TestNets.withDropout(TestNets.random(2, new int[] {4, 7, 5, 3}, Activations.elu(0.5),
                Activations.tanh(), Activations.softmax()), 0.3, 0.0, 0.0);
        net = Network.of(net.layer(1), net.layer(2).withDropout(Math.nextDown(1.0)), net.layer(3));
        Path file = dir.resolve("net.mxbp");
        ModelFiles.save(net, file);
        Network back = ModelFiles.loadNetwork(file);
        assertEquals(net.toString(), back.toString());
        for (int l = 1; l <= 3; l++) {
            assertEquals(net.layer(l).dropout(), back.layer(l).dropout(), 0.0, "layer " + l);
            assertTrue(MatrixFeatures_DDRM.isIdentical(net.layer(l).weights(), back.layer(l).weights(), 0));
        }
        DMatrixRMaj x = TestNets.inputs(3, 6, 4);
        assertTrue(MatrixFeatures_DDRM.isIdentical(net.predict(x), back.predict(x), 0));

        Path old = dir.resolve("old.mxbp");
        Files.write(old, documented(1, 0, 0));
        Network v1 = ModelFiles.loadNetwork(old);
        assertEquals("Network(2 -> 1 relu -> 1 identity)", v1.toString());
        assertEquals(0.0, v1.layer(1).dropout());
        Path v2 = dir.resolve("v2.mxbp");
        Files.write(v2, documented(2, 0.125, 0.0));
        assertEquals("Network(2 -> 1 relu dropout 0.125 -> 1 identity)", ModelFiles.loadNetwork(v2).toString());
        Files.write(v2, documented(2, 0.0, 0.0));
        assertEquals("Network(2 -> 1 relu -> 1 identity)", ModelFiles.loadNetwork(v2).toString(),
                "a version 2 file may hold rates of 0");
    }

    @Test
    void invalidRatesAreRejectedNamingTheLayer(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.mxbp");
        for (double rate : new double[] {Double.NaN, 1.0, -0.5, Double.POSITIVE_INFINITY}) {
            Files.write(file, documented(2, rate, 0.0));
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(file));
            assertEquals(ModelFormatException.Problem.INVALID, e.problem());
            assertEquals(file + ": invalid content: layer 1: dropout rate must be in [0.0, 1.0) but was " + rate,
                    e.getMessage());
        }
        Files.write(file, documented(2, 0.0, 0.5));
        ModelFormatException output = assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(file));
        assertEquals(ModelFormatException.Problem.INVALID, output.problem());
        assertEquals(file + ": invalid content: layer 2 is the output layer but has dropout rate 0.5; dropout is for"
                + " hidden layers only (the output layer's rate must be 0)", output.getMessage());
        // a version 1 payload under a version 2 header lacks the rates: the reader takes the next layer's
        // name for layer 1's rate and then finds no valid name
        byte[] v1 = documented(1, 0, 0);
        ByteBuffer.wrap(v1).putShort(4, (short) 2);
        Files.write(file, io.github.matrixbackprop.FuzzCorpus.refresh(v1));
        ModelFormatException shifted = assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(file));
        assertEquals(ModelFormatException.Problem.INVALID, shifted.problem());
        byte[] newer = documented(2, 0.5, 0.0);
        ByteBuffer.wrap(newer).putShort(4, (short) 3);
        Files.write(file, newer);
        ModelFormatException version = assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(file));
        assertEquals(ModelFormatException.Problem.NEWER_VERSION, version.problem());
        assertEquals(file + ": format version 3 is newer than this library reads (up to 2)", version.getMessage());
    }
}
