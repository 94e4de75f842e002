package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.model.Model;
import io.github.matrixbackprop.network.Network;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export and import of safetensors files: exactness, the written layout, and every check of the reader. */
class SafetensorsTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    private static long[] bits(double[] v, int n) {
        return Arrays.stream(Arrays.copyOf(v, n)).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void anF64ExportLoadsBackBitExactly(@TempDir Path dir) throws IOException {
        Model m = ModelFileVersion2Test.model();
        Path file = dir.resolve("m.safetensors");
        Safetensors.save(m, file);
        Model back = Safetensors.load(file);
        Network a = m.network();
        Network b = back.network();
        assertEquals(a.toString(), b.toString());
        for (int l = 1; l <= a.depth(); l++) {
            assertArrayEquals(bits(a.layer(l).weights().data, a.layer(l).weights().getNumElements()),
                    bits(b.layer(l).weights().data, b.layer(l).weights().getNumElements()));
            assertArrayEquals(bits(a.layer(l).bias().data, a.layer(l).outputs()),
                    bits(b.layer(l).bias().data, b.layer(l).outputs()));
            assertEquals(a.layer(l).activation(), b.layer(l).activation());
        }
        Scaler s = m.scaler().orElseThrow();
        assertArrayEquals(bits(s.shift(), 4), bits(back.scaler().orElseThrow().shift(), 4));
        assertArrayEquals(bits(s.scale(), 4), bits(back.scaler().orElseThrow().scale(), 4));
        assertEquals(m.classes(), back.classes());
        DMatrixRMaj x = TestNets.inputs(9, 5, 4);
        assertArrayEquals(m.predict(x).data, back.predict(x).data, 0.0);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "written atomically: no temporary file is left");
        }
    }

    @Test
    void anF32ExportRoundsEveryParameterToTheNearestFloat(@TempDir Path dir) throws IOException {
        Network net = TestNets.random(8, new int[] {4, 6, 5, 3}, Activations.relu(), Activations.gelu(),
                Activations.softmax());
        Model m = Model.of(net).withScaler(Scaler.standardize(TestNets.inputs(3, 9, 4)));
        Path file = dir.resolve("m32.safetensors");
        Safetensors.save(m, file, Safetensors.Dtype.F32);
        Model back = Safetensors.load(file);
        for (int l = 1; l <= 3; l++) {
            DMatrixRMaj w = m.network().layer(l).weights();
            DMatrixRMaj w32 = back.network().layer(l).weights();
            for (int i = 0; i < w.getNumElements(); i++) {
                assertEquals((double) (float) w.data[i], w32.data[i], 0.0);
                assertTrue(Math.abs(w32.data[i] - w.data[i]) <= Math.ulp((float) w.data[i]) / 2);
            }
            DMatrixRMaj b = m.network().layer(l).bias();
            for (int i = 0; i < b.getNumElements(); i++) {
                assertEquals((double) (float) b.data[i], back.network().layer(l).bias().data[i], 0.0);
            }
        }
        assertArrayEquals(m.scaler().orElseThrow().shift(), back.scaler().orElseThrow().shift(), 0.0,
                "the metadata stays exact");
        Model huge = Model.of(Network.builder(2).dense(1, Activations.identity()).build());
        huge.network().layer(1).weights().set(0, 1, 1e39);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.save(huge, dir.resolve("huge"), Safetensors.Dtype.F32));
        assertEquals("layer 1: W^1 holds 1.0E39 at row 0, column 1, beyond the range of F32; export as F64",
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("huge")));
    }

    /** The file as another reader sees it: length field, padding, header (read by Jackson), data. */
    @Test
    void theFileHasTheDocumentedLayout(@TempDir Path dir) throws IOException {
        Model m = ModelFileVersion2Test.model();
        Path file = dir.resolve("m.safetensors");
        Safetensors.save(m, file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = le.getLong(0);
        assertEquals(0, n % 8, "the header is padded to a multiple of 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{"), header);
        assertTrue(header.length() - header.stripTrailing().length() < 8, "at most 7 padding spaces");
        JsonNode root = JACKSON.readTree(header);
        JsonNode meta = root.get("__metadata__");
        assertEquals("matrix-backprop", meta.get("format").asText());
        assertEquals(List.of("leaky_relu", "elu", "softmax"), list(JACKSON.readTree(meta.get("activations").asText())));
        JsonNode params = JACKSON.readTree(meta.get("activation_parameters").asText());
        assertEquals(-0.2, params.get(0).get("slope").asDouble());
        assertEquals(0.7, params.get(1).get("alpha").asDouble());
        assertEquals(0, params.get(2).size());
        JsonNode shift = JACKSON.readTree(meta.get("input_shift").asText());
        JsonNode scale = JACKSON.readTree(meta.get("input_scale").asText());
        for (int c = 0; c < 4; c++) {
            assertEquals(Double.doubleToRawLongBits(m.scaler().orElseThrow().shift()[c]),
                    Double.doubleToRawLongBits(shift.get(c).asDouble()), "Jackson reads the shifts exactly");
            assertEquals(m.scaler().orElseThrow().scale()[c], scale.get(c).asDouble(), 0.0);
        }
        assertEquals(m.classes(), list(JACKSON.readTree(meta.get("classes").asText())));
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("__metadata__", "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"), names);
        long offset = 0;
        for (int l = 1; l <= 3; l++) {
            DMatrixRMaj w = m.network().layer(l).weights();
            JsonNode t = root.get(2 * (l - 1) + ".weight");
            assertEquals("F64", t.get("dtype").asText());
            assertEquals(List.of(w.numRows, w.numCols), List.of(t.get("shape").get(0).asInt(), t.get("shape").get(1).asInt()));
            assertEquals(offset, t.get("data_offsets").get(0).asLong());
            for (int i = 0; i < w.getNumElements(); i++) { // little-endian, row-major
                assertEquals(w.data[i], le.getDouble((int) (8 + n + offset + 8L * i)), 0.0);
            }
            offset = t.get("data_offsets").get(1).asLong();
            JsonNode b = root.get(2 * (l - 1) + ".bias");
            assertEquals(1, b.get("shape").size());
            assertEquals(offset, b.get("data_offsets").get(0).asLong());
            offset = b.get("data_offsets").get(1).asLong();
        }
        assertEquals(bytes.length, 8 + n + offset, "the data ends the file");
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            out.add(it.next().asText());
        }
        return out;
    }

    @Test
    void aModelWithoutScalingOrClassesWritesNeither(@TempDir Path dir) throws IOException {
        Network net = TestNets.random(2, new int[] {3, 2}, Activations.tanh());
        Path file = dir.resolve("plain.safetensors");
        Safetensors.save(Model.of(net), file);
        String header = header(file);
        assertFalse(header.contains("input_shift") || header.contains("classes")
                || header.contains("activation_parameters"), header);
        Model back = Safetensors.load(file);
        assertFalse(back.scaler().isPresent());
        assertFalse(back.isClassifier());
        DMatrixRMaj x = TestNets.inputs(1, 4, 3);
        assertArrayEquals(net.predict(x).data, back.predict(x).data, 0.0);
    }

    private static String header(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        return new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    }

    @Test
    void exportsRefuseWhatCannotBeRecreated(@TempDir Path dir) {
        Network custom = Network.builder(2).dense(2, new ModelFileVersion2Test.Cube()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.save(Model.of(custom), dir.resolve("c")));
        assertTrue(e.getMessage().startsWith("layer 1: activation 'cube' "), e.getMessage());
        Network nan = Network.builder(2).dense(2, Activations.relu()).build();
        nan.layer(1).bias().set(1, 0, Double.NaN);
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.save(Model.of(nan), dir.resolve("n")));
        assertEquals("layer 1: b^1 has the non-finite value NaN at row 1, column 0; a model file holds only finite"
                + " parameters, so nothing was saved", n.getMessage());
        assertFalse(Files.exists(dir.resolve("c")) || Files.exists(dir.resolve("n")));
    }

    @Test
    void aRegisteredActivationTravelsByNameWithItsParameters(@TempDir Path dir) throws IOException {
        Network net = Network.builder(3).dense(4, new ModelFileVersion2Test.Gain(0.25)).dense(2, Activations.softmax())
                .seed(5).build();
        Activations.register("gain", p -> new ModelFileVersion2Test.Gain(p.getOrDefault("gain", 1.0)));
        Path file = dir.resolve("gain.safetensors");
        try {
            Safetensors.save(Model.of(net), file);
            Model back = Safetensors.load(file);
            assertEquals(new ModelFileVersion2Test.Gain(0.25), back.network().layer(1).activation());
        } finally {
            Activations.unregister("gain");
        }
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Safetensors.load(file));
        assertEquals(ModelFormatException.Problem.UNKNOWN_ACTIVATION, e.problem());
        assertTrue(e.getMessage().startsWith(file + ": layer 1 uses the activation 'gain', which is neither built in"
                + " nor registered"), e.getMessage());
    }

    @Test
    void thePlainStateDictReaderTakesTheCallersActivations(@TempDir Path dir) throws IOException {
        Network net = TestNets.random(3, new int[] {3, 4, 2}, Activations.leakyRelu(0.3), Activations.identity());
        Path file = dir.resolve("sd.safetensors");
        Safetensors.save(Model.of(net), file);
        List<Activation> fs = List.of(Activations.leakyRelu(0.3), Activations.identity());
        Model back = Safetensors.load(file, fs);
        DMatrixRMaj x = TestNets.inputs(4, 5, 3);
        assertArrayEquals(net.predict(x).data, back.predict(x).data, 0.0);
        ModelFormatException count = assertThrows(ModelFormatException.class,
                () -> Safetensors.load(file, List.of(Activations.relu())));
        assertEquals(file + ": invalid safetensors file: the file holds 2 Linear layers but 1 activations were given",
                count.getMessage());
        ModelFormatException other = assertThrows(ModelFormatException.class,
                () -> Safetensors.load(file, List.of(Activations.tanh(), Activations.identity())));
        assertEquals(file + ": invalid safetensors file: the metadata lists the activations [leaky_relu, identity] but"
                + " [tanh, identity] were given", other.getMessage());
        assertThrows(NullPointerException.class, () -> Safetensors.load(file, Arrays.asList(Activations.relu(), null)));
    }
}
