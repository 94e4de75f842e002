package io.github.matrixbackprop.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.kernel.Precision;
import io.github.matrixbackprop.model.Model;
import io.github.matrixbackprop.network.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OnnxExporter#export(Model, Path)}: a model exports as its network behind its own scaler. */
class OnnxModelExportTest {

    private static Network network() {
        Network n = TestNets.random(4, new int[] {3, 5, 2}, Activations.tanh(), Activations.softmax());
        return Network.of(n.layer(1).withDropout(0.4), n.layer(2)); // dropout leaves no trace in the graph
    }

    @Test
    void aModelIsItsNetworkBehindItsScaler(@TempDir Path dir) throws Exception {
        Network net = network();
        DMatrixRMaj raw = TestNets.inputs(7, 11, 3);
        Scaler scaler = Scaler.standardize(raw);
        Model model = Model.of(net).withScaler(scaler).withClasses(List.of("no", "yes"));

        Path viaModel = dir.resolve("model.onnx");
        Path viaNetwork = dir.resolve("network.onnx");
        OnnxExporter.export(model, viaModel);
        OnnxExporter.export(net, scaler, viaNetwork);
        assertArrayEquals(Files.readAllBytes(viaNetwork), Files.readAllBytes(viaModel));

        // and ONNX Runtime, on raw features, agrees with the network on features scaled here
        DMatrixRMaj onnx = Ort.run(Files.readAllBytes(viaModel), raw, Precision.FLOAT64);
        DMatrixRMaj expected = net.predict(scaler.apply(raw));
        for (int i = 0; i < expected.getNumElements(); i++) {
            assertEquals(expected.data[i], onnx.data[i], 1e-12 * Math.max(1, Math.abs(expected.data[i])), "element " + i);
        }
    }

    @Test
    void aModelWithoutScalingAndWithOptions(@TempDir Path dir) throws Exception {
        Network net = network();
        OnnxOptions f32 = OnnxOptions.defaults().withPrecision(Precision.FLOAT32).withOpset(20);
        Path viaModel = dir.resolve("plain.onnx");
        OnnxExporter.export(Model.of(net), viaModel, f32);
        assertArrayEquals(OnnxExporter.toBytes(net, null, f32), Files.readAllBytes(viaModel));
        assertThrows(NullPointerException.class, () -> OnnxExporter.export((Model) null, dir.resolve("x.onnx")));
    }
}
