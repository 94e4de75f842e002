package io.github.matrixbackprop.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.CostFunction;
import io.github.matrixbackprop.optim.Lbfgs;
import io.github.matrixbackprop.optim.Optimizer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code *.json} reference case (computed by PyTorch autograd, float64) against the
 * library: the directory named by the system property {@code oracle.dir} when it is set, else the
 * bundled {@code src/test/resources/oracle}. An unknown kind, activation or loss fails the case
 * by name; it is never skipped. A case's {@code loss_options} ({@code class_weights},
 * {@code label_smoothing}, {@code pos_weight}) configure its loss; an unknown option, or one the
 * case's loss does not have, fails the case by name.
 *
 * <p>{@code kind: gradient}: outputs, cost and every gradient element within relative error
 * {@code |x - ref| / max(1, |ref|) <= 1e-10}. {@code kind: optimizer}: full-batch training for
 * {@code steps} steps from the given layers; every cost before each step and every final
 * parameter within {@code 1e-9}. For {@code lbfgs} every step is one {@link Lbfgs#step} with a
 * closure over the full batch, and {@code function_evaluations}, when the case gives it, must
 * match exactly. An unknown optimizer or hyperparameter fails by name.
 */
class OracleConformanceTest {

    static final double GRADIENT_TOL = 1e-10;
    static final double OPTIMIZER_TOL = 1e-9;
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path caseDirectory() throws URISyntaxException {
        String dir = System.getProperty("oracle.dir", "");
        if (!dir.isBlank()) {
            return Path.of(dir);
        }
        URL bundled = OracleConformanceTest.class.getResource("/oracle");
        if (bundled == null) {
            throw new AssertionError("no bundled reference cases at src/test/resources/oracle");
        }
        return Path.of(bundled.toURI());
    }

    @TestFactory
    Stream<DynamicTest> everyCaseInTheDirectory() throws IOException, URISyntaxException {
        Path dir = caseDirectory();
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("oracle.dir names " + dir.toAbsolutePath() + ", which is not a directory");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
        }
        assertFalse(files.isEmpty(), "no *.json reference cases in " + dir.toAbsolutePath());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    /** The largest relative error seen in the case being run (reported, not asserted). */
    private static final ThreadLocal<double[]> WORST = ThreadLocal.withInitial(() -> new double[1]);

    static void run(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        String kind = OracleCase.required(root, "kind").asText();
        WORST.get()[0] = 0.0;
        switch (kind) {
            case "gradient" -> gradientCase(root);
            case "optimizer" -> optimizerCase(root);
            default -> fail("unknown kind '" + kind + "' in " + file.getFileName());
        }
        System.out.printf(java.util.Locale.ROOT, "oracle %s: largest relative error %.2e%n", file.getFileName(),
                WORST.get()[0]);
    }

    private static void gradientCase(JsonNode root) {
        Network net = OracleCase.network(OracleCase.required(root, "layers"));
        Loss loss = OracleCase.loss(root);
        DMatrixRMaj x = OracleCase.matrix(OracleCase.required(root, "inputs"));
        DMatrixRMaj y = OracleCase.matrix(OracleCase.required(root, "targets"));
        Backprop engine = new Backprop(net, loss);
        double cost = engine.compute(x, y);
        Gradients g = engine.gradients();

        assertClose("loss_value", OracleCase.required(root, "loss_value").asDouble(), cost);
        DMatrixRMaj out = net.predict(x);
        assertMatrixClose("outputs", OracleCase.matrix(OracleCase.required(root, "outputs")), out);
        JsonNode grads = OracleCase.required(root, "gradients");
        assertEquals(net.depth(), grads.size(), "number of gradient layers");
        for (int l = 1; l <= net.depth(); l++) {
            JsonNode gl = grads.get(l - 1);
            assertMatrixClose("dC/dW^" + l, OracleCase.matrix(OracleCase.required(gl, "weights")), g.weights(l));
            assertMatrixClose("dC/db^" + l, OracleCase.column(OracleCase.required(gl, "bias")), g.bias(l));
        }
    }

    private static void optimizerCase(JsonNode root) {
        JsonNode spec = OracleCase.required(root, "optimizer");
        if (OracleCase.required(spec, "name").asText().equals("lbfgs")) {
            lbfgsCase(root, spec);
            return;
        }
        Network net = OracleCase.network(OracleCase.required(root, "layers"));
        Loss loss = OracleCase.loss(root);
        DMatrixRMaj x = OracleCase.matrix(OracleCase.required(root, "inputs"));
        DMatrixRMaj y = OracleCase.matrix(OracleCase.required(root, "targets"));
        Optimizer optimizer = OracleCase.optimizer(spec).create(net);
        int steps = OracleCase.required(root, "steps").asInt();
        JsonNode costs = OracleCase.required(root, "losses_before_each_step");
        assertEquals(steps, costs.size(), "losses_before_each_step has one value per step");
        Backprop engine = new Backprop(net, loss);
        for (int t = 0; t < steps; t++) {
            double cost = engine.compute(x, y);
            assertClose("cost before step " + (t + 1), costs.get(t).asDouble(), cost, OPTIMIZER_TOL);
            optimizer.step(engine.gradients());
        }
        assertFinalLayers(root, net, steps);
    }

    /**
     * L-BFGS: every step is one {@code step(closure)} on the full batch; the cost it returns is the
     * cost before the step; {@code function_evaluations}, when given, is the exact total count.
     */
    private static void lbfgsCase(JsonNode root, JsonNode spec) {
        Network net = OracleCase.network(OracleCase.required(root, "layers"));
        Loss loss = OracleCase.loss(root);
        DMatrixRMaj x = OracleCase.matrix(OracleCase.required(root, "inputs"));
        DMatrixRMaj y = OracleCase.matrix(OracleCase.required(root, "targets"));
        Lbfgs lbfgs = OracleCase.lbfgs(spec).create(net);
        int steps = OracleCase.required(root, "steps").asInt();
        JsonNode costs = OracleCase.required(root, "losses_before_each_step");
        assertEquals(steps, costs.size(), "losses_before_each_step has one value per step");
        CostFunction closure = CostFunction.of(new Backprop(net, loss), x, y);
        for (int t = 0; t < steps; t++) {
            double cost = lbfgs.step(closure);
            assertClose("cost before step " + (t + 1), costs.get(t).asDouble(), cost, OPTIMIZER_TOL);
        }
        JsonNode evaluations = root.get("function_evaluations");
        if (evaluations != null && !evaluations.isNull()) {
            assertEquals(evaluations.asLong(), lbfgs.functionEvaluations(), "function evaluations over all steps");
        }
        assertFinalLayers(root, net, steps);
    }

    private static void assertFinalLayers(JsonNode root, Network net, int steps) {
        Network expected = OracleCase.network(OracleCase.required(root, "final_layers"), net);
        for (int l = 1; l <= net.depth(); l++) {
            assertMatrixClose("W^" + l + " after " + steps + " steps", expected.layer(l).weights(),
                    net.layer(l).weights(), OPTIMIZER_TOL);
            assertMatrixClose("b^" + l + " after " + steps + " steps", expected.layer(l).bias(),
                    net.layer(l).bias(), OPTIMIZER_TOL);
        }
    }

    static void assertClose(String what, double ref, double actual) {
        assertClose(what, ref, actual, GRADIENT_TOL);
    }

    static void assertMatrixClose(String what, DMatrixRMaj ref, DMatrixRMaj actual) {
        assertMatrixClose(what, ref, actual, GRADIENT_TOL);
    }

    static void assertClose(String what, double ref, double actual, double tol) {
        double err = GradientCheck.relativeError(actual, ref);
        WORST.get()[0] = Math.max(WORST.get()[0], err);
        if (!(err <= tol)) {
            fail(what + ": " + actual + " but the reference is " + ref + " (relative error " + err + ")");
        }
    }

    static void assertMatrixClose(String what, DMatrixRMaj ref, DMatrixRMaj actual, double tol) {
        assertEquals(ref.numRows, actual.numRows, what + " rows");
        assertEquals(ref.numCols, actual.numCols, what + " columns");
        for (int i = 0; i < ref.getNumElements(); i++) {
            assertClose(what + "[" + (i / ref.numCols) + "][" + (i % ref.numCols) + "]", ref.data[i], actual.data[i],
                    tol);
        }
    }

    @Test
    void unknownKindsActivationsAndLossesFailByName(@TempDir Path dir) throws IOException {
        String base = Files.readString(caseDirectoryUnchecked().resolve("gradient-single-sample.json"));
        Path kind = dir.resolve("kind.json");
        Files.writeString(kind, base.replace("\"kind\": \"gradient\"", "\"kind\": \"hessian\""));
        Path act = dir.resolve("act.json");
        Files.writeString(act, base.replace("\"leaky_relu\"", "\"mish\""));
        Path loss = dir.resolve("loss.json");
        Files.writeString(loss, base.replace("\"half_sse\"", "\"hinge\""));
        for (Object[] c : new Object[][] {{kind, "hessian"}, {act, "mish"}, {loss, "hinge"}}) {
            AssertionError e = assertThrows(AssertionError.class, () -> run((Path) c[0]));
            assertTrue(e.getMessage().contains((String) c[1]), e.getMessage());
        }
    }

    @Test
    void unknownOptimizersAndHyperparametersFailByName(@TempDir Path dir) throws IOException {
        String base = Files.readString(caseDirectoryUnchecked().resolve("optimizer-sgd-momentum.json"));
        Path name = dir.resolve("name.json");
        Files.writeString(name, base.replace("\"name\": \"sgd\"", "\"name\": \"lion\""));
        Path hyper = dir.resolve("hyper.json");
        Files.writeString(hyper, base.replace("\"momentum\": 0.9", "\"momentum\": 0.9, \"foreach\": 1"));
        String lbfgs = Files.readString(caseDirectoryUnchecked().resolve("optimizer-lbfgs-strong-wolfe.json"));
        Path lbfgsHyper = dir.resolve("lbfgs-hyper.json");
        Files.writeString(lbfgsHyper, lbfgs.replace("\"history_size\": 5", "\"history_size\": 5, \"nesterov\": true"));
        Path search = dir.resolve("lbfgs-search.json");
        Files.writeString(search, lbfgs.replace("\"strong_wolfe\"", "\"backtracking\""));
        for (Object[] c : new Object[][] {{name, "lion"}, {hyper, "foreach"}, {lbfgsHyper, "nesterov"},
            {search, "backtracking"}}) {
            AssertionError e = assertThrows(AssertionError.class, () -> run((Path) c[0]));
            assertTrue(e.getMessage().contains((String) c[1]), e.getMessage());
        }
    }

    @Test
    void unknownLossOptionsAndOptionsOfAnotherLossFailByName(@TempDir Path dir) throws IOException {
        String weighted = Files.readString(caseDirectoryUnchecked().resolve("gradient-xent-class-weights.json"));
        String mse = Files.readString(caseDirectoryUnchecked().resolve("gradient-tanh-identity-mse.json"));
        String bce = Files.readString(caseDirectoryUnchecked().resolve("gradient-sigmoid-bce.json"));
        Path unknown = dir.resolve("unknown.json");
        Files.writeString(unknown, weighted.replace("\"class_weights\"", "\"ignore_index\""));
        Path wrongLoss = dir.resolve("wrong-loss.json");
        Files.writeString(wrongLoss, mse.replace("\"loss\": \"mse\",",
                "\"loss\": \"mse\", \"loss_options\": {\"pos_weight\": [2.0]},"));
        Path smoothingForBce = dir.resolve("smoothing-bce.json");
        Files.writeString(smoothingForBce, bce.replace("\"loss\": \"binary_cross_entropy\",",
                "\"loss\": \"binary_cross_entropy\", \"loss_options\": {\"label_smoothing\": 0.1},"));
        Path badValue = dir.resolve("bad-value.json");
        Files.writeString(badValue, weighted.replace("\"class_weights\": [", "\"class_weights\": [-1.0, "));
        for (Object[] c : new Object[][] {{unknown, "unknown loss option 'ignore_index'"},
                {wrongLoss, "loss option 'pos_weight' is not valid for the loss 'mse'"},
                {smoothingForBce, "loss option 'label_smoothing' is not valid for the loss 'binary_cross_entropy'"},
                {badValue, "class weight 0 is -1.0"}}) {
            AssertionError e = assertThrows(AssertionError.class, () -> run((Path) c[0]));
            assertTrue(e.getMessage().contains((String) c[1]), e.getMessage());
        }
    }

    private static Path caseDirectoryUnchecked() {
        try {
            URL bundled = OracleConformanceTest.class.getResource("/oracle");
            return Path.of(bundled.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
