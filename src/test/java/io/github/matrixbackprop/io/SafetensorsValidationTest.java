package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.io.ModelFormatException.Problem;
import io.github.matrixbackprop.model.Model;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check of the safetensors reader, on files built here byte by byte. Headers are written
 * with {@code '} for JSON's double quote and {@code `} for an escaped double quote inside a
 * metadata string.
 */
class SafetensorsValidationTest {

    @TempDir
    static Path dir;

    /** A 1 -> 1 layer: {@code 0.weight} [1, 1] at bytes 0..8, {@code 0.bias} [1] at 8..16. */
    static final String W = "'0.weight':{'dtype':'F64','shape':[1,1],'data_offsets':[0,8]}";
    static final String B = "'0.bias':{'dtype':'F64','shape':[1],'data_offsets':[8,16]}";
    static final String META = "'__metadata__':{'format':'matrix-backprop','activations':'[`relu`]'}";

    static String json(String text) {
        return text.replace("`", "\\\"").replace('\'', '"');
    }

    /** A file with this header (its UTF-8 bytes, unpadded) and {@code data} bytes of 0.5 in F64 (and 0 after). */
    static Path file(String name, byte[] header, int data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        for (int i = 0; i + 8 <= data; i += 8) {
            b.putDouble(0.5);
        }
        return Files.write(dir.resolve(name), b.array());
    }

    static Path file(String name, String header, int data) throws IOException {
        return file(name, json(header).getBytes(StandardCharsets.UTF_8), data);
    }

    @Test
    void theSmallestValidFileLoads() throws IOException {
        Model m = Safetensors.load(file("valid", "{" + META + "," + W + "," + B + "}", 16));
        assertEquals("Network(1 -> 1 relu)", m.network().toString());
        assertEquals(0.5 * 2 + 0.5, m.predict(new org.ejml.data.DMatrixRMaj(new double[][] {{2}})).get(0, 0));
        Model plain = Safetensors.load(file("plain", "{" + W + "," + B + "}", 16), List.of(Activations.tanh()));
        assertEquals("Network(1 -> 1 tanh)", plain.network().toString());
    }

    static Stream<Arguments> badHeaders() {
        String v = "{" + META + ",";
        return Stream.of(
            // JSON
            Arguments.of("{'a':1,}", 16, Problem.INVALID,
                    "the header is not valid JSON at byte 7 of the header: expected a string key but found '}'"),
            Arguments.of("{'\u00e9':1,}", 16, Problem.INVALID,
                    "the header is not valid JSON at byte 8 of the header: expected a string key but found '}'"),
            Arguments.of(v + W + "," + W + "}", 16, Problem.INVALID, "the header is not valid JSON at byte "
                    + json(v + W + ",").length() + " of the header: the key '0.weight' appears twice in one object"),
            Arguments.of("{'a':" + "[".repeat(20) + "]".repeat(20) + "}", 16, Problem.INVALID,
                    "the header is not valid JSON at byte 20 of the header: arrays and objects nest more than 16 deep"),
            // fields
            Arguments.of("{'__metadata__':[]," + W + "," + B + "}", 16, Problem.INVALID,
                    "__metadata__ must be an object of strings but is an array"),
            Arguments.of("{'__metadata__':{'format':1}," + W + "," + B + "}", 16, Problem.INVALID,
                    "__metadata__ 'format' must be a string but is a number"),
            Arguments.of(v + "'0.weight':[]," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight' must be an object with dtype, shape and data_offsets but is an array"),
            Arguments.of(v + W.replace("}", ",'offsets':1}") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight' has the unknown field 'offsets' (a tensor has dtype, shape and data_offsets)"),
            Arguments.of(v + W.replace("'shape':[1,1],", "") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight' has no shape"),
            Arguments.of(v + W.replace("'F64'", "64") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight': dtype must be a string but is a number"),
            Arguments.of(v + W.replace("F64", "I64") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight' has the dtype 'I64'; this library reads F64, F32, F16 and BF16"),
            Arguments.of(v + W.replace("F64", "f64") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight' has the dtype 'f64'; this library reads F64, F32, F16 and BF16"),
            Arguments.of(v + W.replace("[1,1]", "[1,-1]") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight': shape must be an array of non-negative integers but element 1 is -1"),
            Arguments.of(v + W.replace("[1,1]", "[1.0,1]") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight': shape must be an array of non-negative integers but element 0 is 1.0"),
            Arguments.of(v + W.replace("[1,1]", "'1x1'") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight': shape must be an array of non-negative integers but is a string"),
            Arguments.of(v + W.replace("[0,8]", "[8,0]") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight': data_offsets must be [begin, end] with begin <= end but is [8, 0]"),
            Arguments.of(v + W.replace("[0,8]", "[0]") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight': data_offsets must be [begin, end] with begin <= end but is [0]"),
            Arguments.of(v + W.replace("[1,1]", "[1,2]") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight': shape [1, 2] of F64 needs 16 bytes but data_offsets [0, 8] hold 8"),
            Arguments.of(v + W.replace("[1,1]", "[4294967296,4294967296]") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight': shape [4294967296, 4294967296] has more elements than a file can hold"),
            Arguments.of("{" + META + "}", 0, Problem.INVALID, "the header lists no tensors"),
            // offsets
            Arguments.of(v + W.replace("[0,8]", "[8,16]") + "," + B.replace("[8,16]", "[16,24]") + "}", 24,
                    Problem.INVALID, "the data starts with 8 bytes that no tensor holds; the tensors must cover the data"
                            + " without gaps"),
            Arguments.of(v + W + "," + B.replace("[8,16]", "[16,24]") + "}", 24, Problem.INVALID,
                    "8 bytes between tensor '0.weight' (ending at 8) and tensor '0.bias' belong to no tensor; the"
                            + " tensors must cover the data without gaps"),
            Arguments.of(v + W + "," + B.replace("[8,16]", "[4,12]") + "}", 16, Problem.INVALID,
                    "tensor '0.bias' (bytes 4..12) overlaps tensor '0.weight' (bytes 0..8)"),
            Arguments.of(v + W + "," + B + "}", 12, Problem.TRUNCATED,
                    "truncated: tensor '0.bias' ends at byte 16 of the data but the file holds only 12 bytes of data"),
            Arguments.of(v + W + "," + B + "}", 20, Problem.CORRUPTED, "4 bytes follow the last tensor's data"),
            // names and shapes
            Arguments.of(v + W.replace("0.weight", "weight") + "," + B + "}", 16, Problem.INVALID,
                    "tensor 'weight' does not fit the names of an nn.Sequential of Linear and activation modules:"
                            + " <index>.weight and <index>.bias, with a Linear at every even index 0, 2, 4, ..."),
            Arguments.of(v + W.replace("0.weight", "00.weight") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '00.weight' does not fit the names of an nn.Sequential of Linear and activation modules:"
                            + " <index>.weight and <index>.bias, with a Linear at every even index 0, 2, 4, ..."),
            Arguments.of(v + W.replace("0.weight", "0.running_mean") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.running_mean' does not fit the names of an nn.Sequential of Linear and activation"
                            + " modules: <index>.weight and <index>.bias, with a Linear at every even index 0, 2, 4, ..."),
            Arguments.of(v + W.replace("0.weight", "1.weight") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '1.weight' belongs to the module at the odd index 1, but a Linear sits at every even index"
                            + " (0, 2, 4, ...) and the activation after it holds no tensors"),
            Arguments.of(v + W.replace("[1,1]", "[2,1]").replace("[0,8]", "[0,16]") + "}", 16, Problem.INVALID,
                    "the Linear at index 0 has no tensor '0.bias' (a Linear without bias is not supported)"),
            Arguments.of(v + B.replace("[1]", "[2]").replace("[8,16]", "[0,16]") + "}", 16, Problem.INVALID,
                    "the Linear at index 0 has no tensor '0.weight'"),
            Arguments.of(v + W + "," + B + "," + W.replace("0.", "4.").replace("[0,8]", "[16,24]") + ","
                    + B.replace("0.", "4.").replace("[8,16]", "[24,32]") + "}", 32, Problem.INVALID,
                    "there is no Linear at index 2 (2.weight and 2.bias are missing) but there is one at index 4; the"
                            + " Linear layers sit at indices 0, 2, 4, ... without a gap"),
            Arguments.of(v + W.replace("[1,1]", "[1]") + "," + B + "}", 16, Problem.INVALID,
                    "tensor '0.weight' has the shape [1] but a Linear's weight is [out_features, in_features], both at"
                            + " least 1"),
            Arguments.of(v + W.replace("[1,1]", "[0,1]").replace("[0,8]", "[0,0]") + ","
                    + B.replace("[1]", "[2]").replace("[8,16]", "[0,16]") + "}", 16, Problem.INVALID,
                    "tensor '0.weight' has the shape [0, 1] but a Linear's weight is [out_features, in_features], both at"
                            + " least 1"),
            Arguments.of(v + W + "," + B.replace("[1]", "[2]").replace("[8,16]", "[8,24]") + "}", 24, Problem.INVALID,
                    "tensor '0.bias' has the shape [2] but '0.weight' is [1, 1], so the bias must be [1]"),
            Arguments.of("{'__metadata__':{'format':'matrix-backprop','activations':'[`relu`,`relu`]'},"
                    + W.replace("[1,1]", "[2,1]").replace("[0,8]", "[0,16]") + ","
                    + B.replace("[1]", "[2]").replace("[8,16]", "[16,32]") + ","
                    + W.replace("0.", "2.").replace("[1,1]", "[1,3]").replace("[0,8]", "[32,56]") + ","
                    + B.replace("0.", "2.").replace("[8,16]", "[56,64]") + "}", 64, Problem.INVALID,
                    "tensor '2.weight' is [1, 3] but '0.weight' is [2, 1]: layer 2 takes 3 inputs but layer 1 gives 2"
                            + " outputs"),
            // metadata
            Arguments.of("{" + W + "," + B + "}", 16, Problem.INVALID, "the metadata lists no activations (this is"
                    + " not a file of this library's layout); give the activations of a plain PyTorch state dict with"
                    + " Safetensors.load(file, activations)"),
            Arguments.of("{'__metadata__':{'format':'pt','activations':'[`relu`]'}," + W + "," + B + "}", 16,
                    Problem.INVALID, "the metadata's format is 'pt', not 'matrix-backprop' (this is not a file of this"
                            + " library's layout); give the activations of a plain PyTorch state dict with"
                            + " Safetensors.load(file, activations)"),
            Arguments.of("{'__metadata__':{'activations':'[`relu`]'}," + W + "," + B + "}", 16, Problem.INVALID,
                    "the metadata names no format (this is not a file of this library's layout); give the activations"
                            + " of a plain PyTorch state dict with Safetensors.load(file, activations)"),
            Arguments.of(meta("'activations':'[`relu`,`tanh`]'"), 16, Problem.INVALID,
                    "the metadata lists 2 activations for 1 Linear layers"),
            Arguments.of(meta("'activations':'[relu]'"), 16, Problem.INVALID,
                    "metadata 'activations' is not valid JSON at character 1: unexpected 'r' where a value was expected"),
            Arguments.of(meta("'activations':'[1]'"), 16, Problem.INVALID,
                    "metadata 'activations' must be a JSON list of strings"),
            Arguments.of(meta("'activations':'[`relu`]','activation_parameters':'[{`slope`:`x`}]'"), 16,
                    Problem.INVALID, "metadata 'activation_parameters': parameter 'slope' must be a number"),
            Arguments.of(meta("'activations':'[`relu`]','activation_parameters':'[{},{}]'"), 16, Problem.INVALID,
                    "metadata 'activation_parameters' must be a JSON list of 1 objects (one per layer) of numbers"),
            Arguments.of(meta("'activations':'[`relu`]','activation_parameters':'[{`slope`:0.5}]'"), 16,
                    Problem.INVALID, "layer 1: activation relu has no parameter 'slope'"),
            Arguments.of(meta("'activations':'[`leaky_relu`]','activation_parameters':'[{`slope`:1e999}]'"), 16,
                    Problem.INVALID, "layer 1: leaky_relu slope must be finite but was Infinity"),
            Arguments.of(meta("'activations':'[`relu`]','input_shift':'[0]'"), 16, Problem.INVALID,
                    "the metadata has input_shift but no input_scale; input scaling needs both"),
            Arguments.of(meta("'activations':'[`relu`]','input_scale':'[1]'"), 16, Problem.INVALID,
                    "the metadata has input_scale but no input_shift; input scaling needs both"),
            Arguments.of(meta("'activations':'[`relu`]','input_shift':'[0,1]','input_scale':'[1,1]'"), 16,
                    Problem.INVALID, "input scaling (input_shift, input_scale): the scaler was fitted on 2 columns but"
                            + " the network takes 1 inputs"),
            Arguments.of(meta("'activations':'[`relu`]','input_shift':'[0]','input_scale':'[-1]'"), 16,
                    Problem.INVALID, "input scaling (input_shift, input_scale): the scale of column 0 must be finite and"
                            + " > 0 but was -1.0"),
            Arguments.of(meta("'activations':'[`relu`]','input_shift':'[`0`]','input_scale':'[1]'"), 16,
                    Problem.INVALID, "metadata 'input_shift' must be a JSON array of numbers but element 0 is not a"
                            + " number"),
            Arguments.of(meta("'activations':'[`relu`]','classes':'[`a`,`b`,`c`]'"), 16, Problem.INVALID,
                    "classes: 3 class names for a network with 1 output; a single 0/1 output needs 2 names (class 0,"
                            + " class 1)"),
            Arguments.of(meta("'activations':'[`relu`]','classes':'[`a`,`a`]'"), 16, Problem.INVALID,
                    "classes: class name 1, 'a', repeats an earlier one; class names must differ"),
            Arguments.of(meta("'activations':'[`swoosh`]'"), 16, Problem.UNKNOWN_ACTIVATION,
                    "layer 1 uses the activation 'swoosh', which is neither built in nor registered (register it with"
                            + " Activations.register before loading); known: identity, sigmoid, tanh, relu, leaky_relu,"
                            + " elu, softplus, gelu, silu, softmax"));
    }

    static String meta(String entries) {
        return "{'__metadata__':{'format':'matrix-backprop'," + entries + "}," + W + "," + B + "}";
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("badHeaders")
    void everyProblemIsNamed(String header, int data, Problem problem, String message) throws IOException {
        Path f = file("bad", header, data);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Safetensors.load(f));
        assertEquals(problem, e.problem());
        String prefix = problem == Problem.INVALID ? f + ": invalid safetensors file: " : f + ": ";
        assertEquals(prefix + message, e.getMessage());
    }

    @Test
    void theHeaderLengthIsCheckedBeforeTheHeaderIsRead() throws IOException {
        Path tiny = Files.write(dir.resolve("tiny"), new byte[] {1, 2, 3, 4, 5});
        ModelFormatException shortFile = assertThrows(ModelFormatException.class, () -> Safetensors.load(tiny));
        assertEquals(Problem.NOT_A_MODEL_FILE, shortFile.problem());
        assertEquals(tiny + ": 5 bytes, too short to be a safetensors file (it starts with an 8-byte header length)",
                shortFile.getMessage());

        for (long n : new long[] {100_000_001L, -1L}) {
            Path f = dir.resolve("long");
            Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array());
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> Safetensors.load(f));
            assertEquals(Problem.INVALID, e.problem());
            assertEquals(f + ": invalid safetensors file: the header length is " + Long.toUnsignedString(n)
                    + " bytes, more than the 100000000 a safetensors header may have", e.getMessage());
        }
        Path cut = dir.resolve("cut");
        Files.write(cut, ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN).putLong(50).array());
        ModelFormatException t = assertThrows(ModelFormatException.class, () -> Safetensors.load(cut));
        assertEquals(Problem.TRUNCATED, t.problem());
        assertEquals(cut + ": truncated: the header length is 50 bytes but only 20 bytes follow it", t.getMessage());
    }

    /** A header of the largest allowed length in a sparse file: refused as JSON, never read as a whole file. */
    @Test
    void aHugeSparseFileIsRejectedQuickly() throws IOException {
        Path f = dir.resolve("sparse");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1 << 20).array());
            raf.write('{');
            raf.setLength(3L << 30);
        }
        ModelFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ModelFormatException.class, () -> Safetensors.load(f)));
        assertEquals(f + ": invalid safetensors file: the header is not valid JSON at byte 1 of the header: expected a"
                + " string key but found 'U+0000'", e.getMessage());
    }

    @Test
    void theHeaderMustBeUtf8JsonStartingWithABrace() throws IOException {
        byte[] bad = "{\"a\u00ff\":1}".getBytes(StandardCharsets.ISO_8859_1);
        Path f = file("latin1", bad, 0);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Safetensors.load(f));
        assertEquals(Problem.INVALID, e.problem());
        assertEquals(f + ": invalid safetensors file: the header is not valid UTF-8 at byte 3 of the header",
                e.getMessage());
        for (String header : List.of("[1]", " {}", "")) {
            Path g = file("brace", header, 0);
            ModelFormatException n = assertThrows(ModelFormatException.class, () -> Safetensors.load(g));
            assertEquals(Problem.NOT_A_MODEL_FILE, n.problem());
            assertEquals(g + ": not a safetensors file: its header does not start with '{'", n.getMessage());
        }
    }

    @Test
    void aModelFileIsRecognised() throws IOException {
        Path f = dir.resolve("model.mxbp");
        ModelFiles.save(ModelFileVersion2Test.model(), f);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Safetensors.load(f));
        assertEquals(Problem.NOT_A_MODEL_FILE, e.problem());
        assertEquals(f + ": not a safetensors file but a matrix-backprop model file (it starts with MXBP); load it"
                + " with ModelFiles.loadModel", e.getMessage());
    }

    @Test
    void nonFiniteParametersAreNamedByLayerAndTensor() throws IOException {
        Path f = file("nan", "{" + META + "," + W + "," + B + "}", 16);
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putDouble(bytes.length - 8, Double.NaN);
        Files.write(f, bytes);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Safetensors.load(f));
        assertEquals(f + ": invalid safetensors file: layer 1 (0.weight, 0.bias): b has the non-finite value NaN at"
                + " row 0, column 0", e.getMessage());
    }

    @Test
    void aMissingFileOrADirectoryIsNamed() {
        Path missing = dir.resolve("missing.safetensors");
        IOException e = assertThrows(IOException.class, () -> Safetensors.load(missing));
        assertEquals(missing + ": no such file", e.getMessage());
        IOException d = assertThrows(IOException.class, () -> Safetensors.load(dir, List.<Activation>of()));
        assertEquals(dir + ": is a directory, not a model file", d.getMessage());
    }
}
