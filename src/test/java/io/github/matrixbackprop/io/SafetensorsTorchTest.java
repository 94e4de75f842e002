package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.model.Model;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Safetensors files written with PyTorch ({@code src/test/python/make_safetensors_cases.py}): plain
 * state dicts of {@code nn.Sequential} MLPs in F64, F32, F16 and BF16, and one in this library's
 * layout with its metadata. Each must load and predict what PyTorch predicted in float64 from the
 * tensors as stored, to 1e-12.
 */
class SafetensorsTorchTest {

    static final double TOLERANCE = 1e-12;

    static Path resources() throws URISyntaxException {
        return Path.of(SafetensorsTorchTest.class.getResource("/safetensors/torch-cases.json").toURI()).getParent();
    }

    @TestFactory
    Stream<DynamicTest> pytorchFilesPredictWhatPytorchPredicted() throws Exception {
        Path dir = resources();
        JsonNode root = new ObjectMapper().readTree(dir.resolve("torch-cases.json").toFile());
        DMatrixRMaj x = matrix(root.get("inputs"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String file = c.get("file").asText();
            tests.add(DynamicTest.dynamicTest(file, () -> {
                Model m;
                if (c.get("activations").isNull()) {
                    m = Safetensors.load(dir.resolve(file));
                } else {
                    List<Activation> fs = new ArrayList<>();
                    c.get("activations").forEach(a -> fs.add(Activations.byName(a.asText())));
                    m = Safetensors.load(dir.resolve(file), fs);
                }
                DMatrixRMaj expected = matrix(c.get("outputs"));
                DMatrixRMaj actual = m.predict(x);
                assertEquals(expected.numRows, actual.numRows);
                assertEquals(expected.numCols, actual.numCols);
                double worst = 0;
                for (int i = 0; i < expected.getNumElements(); i++) {
                    worst = Math.max(worst, Math.abs(expected.data[i] - actual.data[i]));
                }
                System.out.printf("%s: largest difference from PyTorch %.1e%n", file, worst);
                assertTrue(worst <= TOLERANCE, file + ": largest difference from PyTorch " + worst);
                if (c.has("classes")) {
                    List<String> names = new ArrayList<>();
                    c.get("classes").forEach(n -> names.add(n.asText()));
                    assertEquals(names, m.predictClasses(x));
                    assertTrue(m.scaler().isPresent(), "the metadata's input scaling is read");
                }
            }));
        }
        assertEquals(5, tests.size(), "F64, F32, F16, BF16 and this library's layout");
        return tests.stream();
    }

    private static DMatrixRMaj matrix(JsonNode rows) {
        DMatrixRMaj m = new DMatrixRMaj(rows.size(), rows.get(0).size());
        for (int i = 0; i < m.numRows; i++) {
            for (int k = 0; k < m.numCols; k++) {
                m.set(i, k, rows.get(i).get(k).asDouble());
            }
        }
        return m;
    }
}
