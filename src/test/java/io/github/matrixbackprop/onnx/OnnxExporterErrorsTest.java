package io.github.matrixbackprop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.activation.ElementwiseActivation;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.kernel.Precision;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear exception before anything is written; a missing dependency is named. */
class OnnxExporterErrorsTest {

    /** Mish, an activation of the user's own, with no ONNX mapping. */
    private static final ElementwiseActivation MISH = new ElementwiseActivation() {
        @Override public String name() { return "mish"; }
        @Override public double value(double z) { return z * Math.tanh(Math.log1p(Math.exp(z))); }
        @Override public double derivative(double z, double a) { return 1; }
    };

    private static Network twoLayers(io.github.matrixbackprop.activation.Activation second) {
        return Network.of(Layer.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}, new double[] {0, 0, 0}, Activations.relu()),
                Layer.of(new double[][] {{1, 2, 3}}, new double[] {0}, second));
    }

    @Test
    void anActivationOfAnotherClassIsRefusedNamingLayerNameAndClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.toBytes(twoLayers(MISH), null, OnnxOptions.defaults()));
        assertTrue(e.getMessage().startsWith("layer 2: activation 'mish' (" + MISH.getClass().getName()
                + ") has no ONNX mapping"), e.getMessage());
        assertTrue(e.getMessage().contains("identity, sigmoid, tanh, relu, leaky_relu, elu, softplus, gelu, silu,"
                + " softmax"), e.getMessage());
    }

    @Test
    void aNameAloneIsNotEnough() {
        ElementwiseActivation fakeRelu = new ElementwiseActivation() {
            @Override public String name() { return "relu"; }
            @Override public double value(double z) { return Math.abs(z); }
            @Override public double derivative(double z, double a) { return Math.signum(z); }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.toBytes(twoLayers(fakeRelu), null, OnnxOptions.defaults()));
        assertTrue(e.getMessage().contains("activation 'relu' ("), e.getMessage());
    }

    @Test
    void theScalerMustHaveOneColumnPerInput() {
        Scaler three = new Scaler(new double[3], new double[] {1, 1, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.toBytes(twoLayers(Activations.sigmoid()), three, OnnxOptions.defaults()));
        assertEquals("the scaler has 3 columns but the network takes 2 inputs; they must be equal", e.getMessage());
    }

    @Test
    void nullArgumentsAreNamed() {
        Network net = twoLayers(Activations.sigmoid());
        assertEquals("network must not be null", assertThrows(NullPointerException.class,
                () -> OnnxExporter.toBytes(null, null, OnnxOptions.defaults())).getMessage());
        assertEquals("options must not be null", assertThrows(NullPointerException.class,
                () -> OnnxExporter.toBytes(net, null, null)).getMessage());
        assertEquals("file must not be null", assertThrows(NullPointerException.class,
                () -> OnnxExporter.export(net, null, null)).getMessage());
    }

    @Test
    void parametersMustBeFiniteAndFitTheElementType() {
        Network big = Network.of(Layer.of(new double[][] {{1, 1e300}}, new double[] {0}, Activations.identity()));
        OnnxOptions f32 = OnnxOptions.defaults().withPrecision(Precision.FLOAT32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExporter.toBytes(big, null, f32));
        assertTrue(e.getMessage().startsWith("layer 1: W[0][1] is 1.0E300, beyond the float32 range"), e.getMessage());
        assertTrue(OnnxExporter.toBytes(big, null, OnnxOptions.defaults()).length > 0, "fine in float64");

        Network net = twoLayers(Activations.sigmoid());
        net.layer(2).bias().set(0, 0, Double.NaN); // the live parameters, e.g. after a diverged run
        e = assertThrows(IllegalArgumentException.class, () -> OnnxExporter.toBytes(net, null, OnnxOptions.defaults()));
        assertEquals("layer 2: b[0] is NaN; only finite values can be exported", e.getMessage());

        Network ok = twoLayers(Activations.sigmoid());
        Scaler tiny = new Scaler(new double[] {0, 0}, new double[] {1, 1e-50});
        e = assertThrows(IllegalArgumentException.class, () -> OnnxExporter.toBytes(ok, tiny, f32));
        assertTrue(e.getMessage().startsWith("the scaler's scale of column 1 is 1.0E-50, which is 0 in float32"),
                e.getMessage());
        Scaler far = new Scaler(new double[] {-1e40, 0}, new double[] {1, 1});
        e = assertThrows(IllegalArgumentException.class, () -> OnnxExporter.toBytes(ok, far, f32));
        assertTrue(e.getMessage().startsWith("the scaler's shift[0] is -1.0E40, beyond the float32 range"),
                e.getMessage());
    }

    @Test
    void optionsAreValidated() {
        OnnxOptions d = OnnxOptions.defaults();
        assertEquals("the ONNX opset must be in 17..23 but was 16",
                assertThrows(IllegalArgumentException.class, () -> d.withOpset(16)).getMessage());
        assertEquals("the ONNX opset must be in 17..23 but was 24",
                assertThrows(IllegalArgumentException.class, () -> d.withOpset(24)).getMessage());
        assertEquals("the graph name must not be empty",
                assertThrows(IllegalArgumentException.class, () -> d.withGraphName("")).getMessage());
        assertEquals("producer name must not be null",
                assertThrows(NullPointerException.class, () -> d.withProducerName(null)).getMessage());
        assertEquals("precision must not be null",
                assertThrows(NullPointerException.class, () -> d.withPrecision(null)).getMessage());
        assertEquals(new OnnxOptions(Precision.FLOAT64, 17, "network", "matrix-backprop"), d);
    }

    @Test
    void aFailedExportLeavesTheFileAsItWas(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.writeString(file, "previous model");
        assertThrows(IllegalArgumentException.class, () -> OnnxExporter.export(twoLayers(MISH), null, file));
        assertEquals("previous model", Files.readString(file));
        Path nowhere = dir.resolve("no-such-folder").resolve("model.onnx");
        IOException e = assertThrows(IOException.class,
                () -> OnnxExporter.export(twoLayers(Activations.tanh()), null, nowhere));
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aMissingClassIsReportedWithTheDependencyToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OnnxExporter.requireLibrary(List.of("java.lang.String", "ai.onnx.proto.NoSuchClass")));
        assertTrue(e.getMessage().startsWith("ONNX export needs the optional dependency org.tribuo:tribuo-util-onnx:4.3.2"),
                e.getMessage());
        assertTrue(e.getMessage().contains("class ai.onnx.proto.NoSuchClass was not found"), e.getMessage());
        assertTrue(OnnxExporter.isAvailable(), "the test class path has it");
    }

    /**
     * The library loaded without tribuo-util-onnx and protobuf-java, as an application that did not add
     * them sees it: {@code isAvailable} is false and the exporter says what to add, before it looks at
     * its arguments.
     */
    @Test
    void withoutTheDependencyTheExporterSaysWhatToAdd() throws Exception {
        URL library = OnnxExporter.class.getProtectionDomain().getCodeSource().getLocation();
        URL ejmlCore = DMatrixRMaj.class.getProtectionDomain().getCodeSource().getLocation();
        URL ejmlDense = CommonOps_DDRM.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader bare = new URLClassLoader(new URL[] {library, ejmlCore, ejmlDense},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> exporter = bare.loadClass(OnnxExporter.class.getName());
            assertFalse((Boolean) exporter.getMethod("isAvailable").invoke(null));
            Class<?> options = bare.loadClass(OnnxOptions.class.getName());
            Class<?> network = bare.loadClass(Network.class.getName());
            Class<?> scaler = bare.loadClass(Scaler.class.getName());
            Method toBytes = exporter.getMethod("toBytes", network, scaler, options);
            Object defaults = options.getMethod("defaults").invoke(null);
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> toBytes.invoke(null, null, null, defaults));
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, thrown.getCause());
            assertTrue(e.getMessage().contains("org.tribuo:tribuo-util-onnx:4.3.2")
                    && e.getMessage().contains("class ai.onnx.proto.OnnxMl was not found")
                    && e.getMessage().contains("<artifactId>tribuo-util-onnx</artifactId>"), e.getMessage());
        }
    }
}
