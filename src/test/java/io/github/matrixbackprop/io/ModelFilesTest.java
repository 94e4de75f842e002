package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.activation.ElementwiseActivation;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.optim.Optimizer;
import io.github.matrixbackprop.optim.OptimizerState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    static Network network() {
        Network n = TestNets.random(3, new int[] {4, 6, 5, 3}, Activations.leakyRelu(-0.2), Activations.elu(0.7),
                Activations.softmax());
        // values whose bits matter: subnormal, negative zero, extremes
        n.layer(1).weights().set(0, 0, Double.MIN_VALUE);
        n.layer(1).weights().set(0, 1, -0.0);
        n.layer(2).bias().set(0, 0, Double.MAX_VALUE);
        return n;
    }

    @Test
    void networksRoundTripBitExactly(@TempDir Path dir) throws IOException {
        Network n = network();
        Path file = dir.resolve("model.mxbp");
        ModelFiles.save(n, file);
        Network back = ModelFiles.loadNetwork(file);
        assertEquals(n.toString(), back.toString());
        for (int l = 1; l <= 3; l++) {
            assertArrayEquals(bits(n.layer(l).weights()), bits(back.layer(l).weights()));
            assertArrayEquals(bits(n.layer(l).bias()), bits(back.layer(l).bias()));
            assertEquals(n.layer(l).activation(), back.layer(l).activation());
        }
        assertEquals(-0.2, back.layer(1).activation().parameters().get("slope"));
        DMatrixRMaj x = TestNets.inputs(1, 7, 4);
        assertTrue(MatrixFeatures_DDRM.isIdentical(n.predict(x), back.predict(x), 0));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    private static long[] bits(DMatrixRMaj m) {
        return Arrays.stream(Arrays.copyOf(m.data, m.getNumElements())).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void optimizerStateRoundTripsAndResumesExactly(@TempDir Path dir) throws IOException {
        Network a = TestNets.random(4, new int[] {3, 4, 2}, Activations.tanh(), Activations.identity());
        DMatrixRMaj x = TestNets.inputs(5, 6, 3);
        DMatrixRMaj y = TestNets.inputs(6, 6, 2);
        Optimizer opt = Adam.defaults().withLr(0.01).withAmsgrad(true).create(a);
        Backprop engine = new Backprop(a, Losses.mse());
        for (int i = 0; i < 3; i++) {
            engine.compute(x, y);
            opt.step(engine.gradients());
        }
        ModelFiles.save(a, dir.resolve("net"));
        ModelFiles.save(opt.state(), dir.resolve("opt"));
        Network b = ModelFiles.loadNetwork(dir.resolve("net"));
        Optimizer resumed = Adam.defaults().withLr(0.01).withAmsgrad(true).create(b);
        OptimizerState loaded = ModelFiles.loadOptimizerState(dir.resolve("opt"));
        assertEquals(3, loaded.step());
        resumed.restore(loaded);
        Backprop eb = new Backprop(b, Losses.mse());
        for (int i = 0; i < 3; i++) {
            engine.compute(x, y);
            opt.step(engine.gradients());
            eb.compute(x, y);
            resumed.step(eb.gradients());
        }
        for (int l = 1; l <= 2; l++) {
            assertTrue(MatrixFeatures_DDRM.isIdentical(a.layer(l).weights(), b.layer(l).weights(), 0));
        }
    }

    private static ModelFormatException.Problem problemOf(Path file) {
        return assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(file)).problem();
    }

    @Test
    void everyKindOfBadFileIsNamed(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good");
        ModelFiles.save(network(), good);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 10));
        assertEquals(ModelFormatException.Problem.TRUNCATED, problemOf(truncated));
        Files.write(truncated, Arrays.copyOf(bytes, 9));
        assertEquals(ModelFormatException.Problem.TRUNCATED, problemOf(truncated));

        Path flipped = dir.resolve("flipped");
        byte[] f = bytes.clone();
        f[40] ^= 0x10;
        Files.write(flipped, f);
        ModelFormatException corrupt = assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(flipped));
        assertEquals(ModelFormatException.Problem.CORRUPTED, corrupt.problem());
        assertTrue(corrupt.getMessage().contains("CRC-32"), corrupt.getMessage());

        Path newer = dir.resolve("newer");
        byte[] n = bytes.clone();
        ByteBuffer.wrap(n).putShort(4, (short) (ModelFiles.VERSION + 1));
        Files.write(newer, n);
        ModelFormatException version = assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(newer));
        assertEquals(ModelFormatException.Problem.NEWER_VERSION, version.problem());
        assertTrue(version.getMessage().contains("version " + (ModelFiles.VERSION + 1)), version.getMessage());

        Path state = dir.resolve("state");
        ModelFiles.save(Adam.defaults().create(network()).state(), state);
        ModelFormatException kind = assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(state));
        assertEquals(ModelFormatException.Problem.WRONG_KIND, kind.problem());
        assertTrue(kind.getMessage().contains("optimizer state"), kind.getMessage());

        Path text = dir.resolve("text");
        Files.writeString(text, "hello, this is not a model");
        assertEquals(ModelFormatException.Problem.NOT_A_MODEL_FILE, problemOf(text));

        Path trailing = dir.resolve("trailing");
        Files.write(trailing, Arrays.copyOf(bytes, bytes.length + 3));
        assertEquals(ModelFormatException.Problem.CORRUPTED, problemOf(trailing));
    }

    @Test
    void aLayerDeclaringMoreValuesThanALongCountsInBytesIsInvalid(@TempDir Path dir) throws IOException {
        // one relu layer claiming W of (2^31 - 1) x (2^31 - 1): (rows cols + rows) * 8 bytes overflows a long
        ByteBuffer b = ByteBuffer.allocate(16 + 4 + 2 + 4 + 2 + 8 + 16 + 4);
        b.put(new byte[] {'M', 'X', 'B', 'P'}).putShort((short) 1).put((byte) 1).put((byte) 0).putLong(0);
        b.putInt(1).putShort((short) 4).put("relu".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putShort((short) 0).putInt(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE);
        Path file = dir.resolve("huge");
        Files.write(file, io.github.matrixbackprop.FuzzCorpus.refresh(b.array()));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(file));
        assertEquals(ModelFormatException.Problem.INVALID, e.problem());
        assertTrue(e.getMessage().endsWith("layer 1 declares W of 2147483647x2147483647 but only 16 bytes remain"),
                e.getMessage());
    }

    /** An activation the format cannot recreate. */
    record Cube() implements ElementwiseActivation {
        @Override public String name() { return "cube"; }
        @Override public double value(double z) { return z * z * z; }
        @Override public double derivative(double z, double a) { return 3 * z * z; }
    }

    @Test
    void customActivationsAreRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m");
        ModelFiles.save(network(), file);
        byte[] before = Files.readAllBytes(file);
        Network custom = Network.builder(2).dense(3, new Cube()).dense(1, Activations.identity()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(custom, file));
        assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("cube"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the previous model must survive");
    }

    @Test
    void nonFiniteParametersAreRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m");
        ModelFiles.save(network(), file);
        byte[] before = Files.readAllBytes(file);
        Network n = network();
        n.layer(1).weights().set(0, 0, Double.NaN); // through the live matrix: no check on the way in
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(n, file));
        assertEquals("layer 1: W^1 has the non-finite value NaN at row 0, column 0; a model file holds only finite"
                + " parameters, so nothing was saved", w.getMessage());
        n.layer(1).weights().set(0, 0, 0.5);
        n.layer(2).bias().set(1, 0, Double.POSITIVE_INFINITY);
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(n, file));
        assertEquals("layer 2: b^2 has the non-finite value Infinity at row 1, column 0; a model file holds only"
                + " finite parameters, so nothing was saved", b.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the previous model must survive");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file was created");
        }
        Path fresh = dir.resolve("fresh");
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(n, fresh));
        assertTrue(Files.notExists(fresh));
    }

    @Test
    void aLoadedNonFiniteParameterNamesItsLayer(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m");
        ModelFiles.save(network(), file);
        byte[] bytes = Files.readAllBytes(file);
        // payload: u32 L, "leaky_relu" (2 + 10), u16 P, "slope" (2 + 5), f64, u32 rows, u32 cols, then W^1[0][0]
        int w11 = ModelFiles.HEADER + 4 + 12 + 2 + 7 + 8 + 8;
        ByteBuffer b = ByteBuffer.wrap(bytes);
        assertEquals(Double.MIN_VALUE, b.getDouble(w11), "the offset of W^1[0][0]");
        b.putDouble(w11, Double.NaN);
        Files.write(file, io.github.matrixbackprop.FuzzCorpus.refresh(bytes));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.loadNetwork(file));
        assertEquals(ModelFormatException.Problem.INVALID, e.problem());
        assertEquals(file + ": invalid content: layer 1: W has the non-finite value NaN at row 0, column 0",
                e.getMessage());
    }

    @Test
    void optimizerStatesKeepNonFiniteValuesBecauseTheyLoadAgain(@TempDir Path dir) throws IOException {
        double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
        OptimizerState s = new OptimizerState("sgd", 2, 0.1, java.util.List.of("momentum_buffer"),
                java.util.List.of(java.util.List.of(values)));
        Path file = dir.resolve("opt");
        ModelFiles.save(s, file);
        OptimizerState back = ModelFiles.loadOptimizerState(file);
        assertArrayEquals(Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray(),
                Arrays.stream(back.buffers().get(0).get(0)).mapToLong(Double::doubleToRawLongBits).toArray());
    }

    @Test
    void savingReplacesAnExistingModelAtomically(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m");
        ModelFiles.save(network(), file);
        Network other = TestNets.random(9, new int[] {2, 2}, Activations.tanh());
        ModelFiles.save(other, file);
        assertEquals("Network(2 -> 2 tanh)", ModelFiles.loadNetwork(file).toString());
    }
}
