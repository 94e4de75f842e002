package io.github.matrixbackprop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.kernel.Precision;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exported model runs in ONNX Runtime (Java API, CPU) and agrees with the library's own
 * {@code Network.predict} (after {@code Scaler.apply}): to {@code 1e-12} in float64 and {@code 1e-5}
 * in float32, relative to {@code max(1, |y|)}, for every activation, with and without input
 * scaling, on random batches whose potentials reach far into the tails. The largest absolute
 * difference per activation and element type is printed at the end.
 */
class OnnxRuntimeAgreementTest {

    private static final double TOL64 = 1e-12;
    private static final double TOL32 = 1e-5;

    /** The largest |ONNX Runtime - library| per activation, for float64 and float32. */
    private static final Map<String, double[]> LARGEST = new TreeMap<>();

    private record Case(String label, Activation f) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static List<Case> activations() {
        return List.of(
                new Case("identity", Activations.identity()),
                new Case("sigmoid", Activations.sigmoid()),
                new Case("tanh", Activations.tanh()),
                new Case("relu", Activations.relu()),
                new Case("leaky_relu(0.01)", Activations.leakyRelu()),
                new Case("leaky_relu(-0.3)", Activations.leakyRelu(-0.3)),
                new Case("elu(1)", Activations.elu()),
                new Case("elu(0.7)", Activations.elu(0.7)),
                new Case("softplus", Activations.softplus()),
                new Case("gelu", Activations.gelu()),
                new Case("silu", Activations.silu()),
                new Case("softmax", Activations.softmax()));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : activations()) {
            for (Precision p : Precision.values()) {
                out.add(Arguments.of(c, p, false));
                out.add(Arguments.of(c, p, true));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> newerOpsets() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : activations()) {
            for (Precision p : Precision.values()) {
                out.add(Arguments.of(c, p, 20));
                out.add(Arguments.of(c, p, OnnxOptions.MAX_OPSET));
            }
        }
        return out.stream();
    }

    /**
     * Scaled inputs are raw features with column means up to +-20 and spreads of 0.5 to 10: in float32
     * the raw inputs are rounded before they are scaled, which costs a column whose mean is large
     * against its spread more digits.
     */
    @ParameterizedTest(name = "{0} {1} scaled={2}")
    @MethodSource("cases")
    void agreesWithPredict(Case c, Precision precision, boolean scaled) throws OrtException {
        long seed = 31L * c.label().hashCode() + precision.ordinal() * 2 + (scaled ? 1 : 0);
        SplittableRandom rnd = new SplittableRandom(seed);
        Network net = network(rnd, c.f(), 5, 7, 4);
        int m = 1 + rnd.nextInt(60);
        Scaler scaler = null;
        DMatrixRMaj x;
        DMatrixRMaj expected;
        if (scaled) {
            double[] offset = new double[5];
            double[] spread = new double[5];
            for (int j = 0; j < 5; j++) {
                offset[j] = -20 + 40 * rnd.nextDouble();
                spread[j] = 0.5 + 10 * rnd.nextDouble();
            }
            scaler = Scaler.standardize(raw(rnd, 200, offset, spread));
            x = raw(rnd, m, offset, spread);
            expected = net.predict(scaler.apply(x));
        } else {
            x = inputs(rnd, m, 5);
            expected = net.predict(x);
        }
        byte[] model = OnnxExporter.toBytes(net, scaler, OnnxOptions.defaults().withPrecision(precision));
        DMatrixRMaj actual = Ort.run(model, x, precision);
        check(c.label(), precision, expected, actual);
    }

    @ParameterizedTest(name = "{0} {1} opset {2}")
    @MethodSource("newerOpsets")
    void agreesAtNewerOpsets(Case c, Precision precision, int opset) throws OrtException {
        SplittableRandom rnd = new SplittableRandom(97L * c.label().hashCode() + opset + precision.ordinal());
        Network net = network(rnd, c.f(), 3, 6, 5);
        DMatrixRMaj x = inputs(rnd, 17, 3);
        OnnxOptions options = OnnxOptions.defaults().withPrecision(precision).withOpset(opset);
        check(c.label(), precision, net.predict(x), Ort.run(OnnxExporter.toBytes(net, null, options), x, precision));
    }

    /** Each activation after another, run with every level of ONNX Runtime's graph optimisations (none to all). */
    @Test
    void everyActivationInOneDeepNetwork() throws OrtException {
        List<Case> all = activations();
        SplittableRandom rnd = new SplittableRandom(5);
        List<Layer> layers = new ArrayList<>();
        int width = 4;
        for (Case c : all) {
            int next = 3 + rnd.nextInt(5);
            layers.add(new Layer(TestNets.uniform(rnd, next, width, -1.2, 1.2), TestNets.uniform(rnd, next, 1, -0.5, 0.5),
                    c.f()));
            width = next;
        }
        Network net = new Network(layers);
        Scaler scaler = new Scaler(new double[] {1, -2, 0.5, 3}, new double[] {2, 0.5, 1, 4});
        DMatrixRMaj x = inputs(rnd, 33, 4);
        DMatrixRMaj expected = net.predict(scaler.apply(x));
        for (Precision p : Precision.values()) {
            byte[] model = OnnxExporter.toBytes(net, scaler, OnnxOptions.defaults().withPrecision(p));
            for (OrtSession.SessionOptions.OptLevel level : OrtSession.SessionOptions.OptLevel.values()) {
                check("all in one network", p, expected, Ort.run(model, x, p, level));
            }
        }
    }

    /** One session serves batches of any size: the batch dimension is dynamic. */
    @Test
    void theBatchDimensionIsDynamic() throws OrtException {
        SplittableRandom rnd = new SplittableRandom(8);
        Network net = network(rnd, Activations.tanh(), 3, 4, 2);
        byte[] model = OnnxExporter.toBytes(net, null, OnnxOptions.defaults());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
            for (int m : new int[] {1, 2, 129, 5}) {
                DMatrixRMaj x = inputs(rnd, m, 3);
                DMatrixRMaj y = Ort.run(env, session, x, Precision.FLOAT64);
                assertEquals(m, y.numRows);
                check("tanh", Precision.FLOAT64, net.predict(x), y);
            }
        }
    }

    /**
     * GELU's float64 graph evaluates Phi by pieces: inputs on and next to every piece boundary, at the
     * ends of the pieces, far beyond them, and the infinities and NaN give what the library gives.
     */
    @Test
    void geluAtPieceBoundariesTailsAndSpecialValues() throws OrtException {
        List<Double> zs = new ArrayList<>();
        for (double b = -9.5; b <= 9.5; b += 0.5) {
            zs.add(b);
            zs.add(Math.nextUp(b));
            zs.add(Math.nextDown(b));
        }
        for (double z : new double[] {0, -0.0, 1e-300, -1e-300, 12, -12, 37.5, -37.5, 40, -40, 1e6, -1e6, 1e300, -1e300,
                                      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
            zs.add(z);
        }
        DMatrixRMaj x = new DMatrixRMaj(zs.size(), 1);
        for (int i = 0; i < zs.size(); i++) {
            x.data[i] = zs.get(i);
        }
        Network net = Network.of(Layer.of(new double[][] {{1}}, new double[] {0}, Activations.gelu()));
        DMatrixRMaj expected = net.predict(x);
        DMatrixRMaj actual = Ort.run(OnnxExporter.toBytes(net, null, OnnxOptions.defaults()), x, Precision.FLOAT64);
        for (int i = 0; i < zs.size(); i++) {
            double e = expected.data[i];
            double a = actual.data[i];
            if (Double.isNaN(e) || Double.isInfinite(e)) {
                assertEquals(e, a, "gelu(" + zs.get(i) + ")");
            } else {
                assertTrue(Math.abs(a - e) <= TOL64 * Math.max(1, Math.abs(e)),
                        "gelu(" + zs.get(i) + "): library " + e + ", ONNX Runtime " + a);
            }
        }
    }

    @AfterAll
    static void printTheLargestDifferences() {
        StringBuilder sb = new StringBuilder("largest |ONNX Runtime - Network.predict| per activation, absolute and"
                + " relative to max(1, |y|):\n");
        sb.append(String.format(Locale.ROOT, "%-20s %12s %12s %12s %12s%n", "activation", "float64 abs", "float64 rel",
                "float32 abs", "float32 rel"));
        LARGEST.forEach((label, d) -> sb.append(String.format(Locale.ROOT, "%-20s %12.2e %12.2e %12.2e %12.2e%n", label,
                d[0], d[1], d[2], d[3])));
        System.out.print(sb);
    }

    /** Compares element by element and records the largest absolute difference. */
    private static void check(String label, Precision precision, DMatrixRMaj expected, DMatrixRMaj actual) {
        assertEquals(expected.numRows, actual.numRows, label + ": rows");
        assertEquals(expected.numCols, actual.numCols, label + ": columns");
        double tol = precision == Precision.FLOAT64 ? TOL64 : TOL32;
        double largest = 0;
        double largestRelative = 0;
        for (int i = 0; i < expected.getNumElements(); i++) {
            double e = expected.data[i];
            double d = Math.abs(actual.data[i] - e);
            double relative = d / Math.max(1, Math.abs(e));
            assertTrue(relative <= tol, label + " " + precision + ": element " + i + " is " + actual.data[i]
                    + " in ONNX Runtime but " + e + " in the library");
            largest = Math.max(largest, d);
            largestRelative = Math.max(largestRelative, relative);
        }
        synchronized (LARGEST) {
            double[] row = LARGEST.computeIfAbsent(label, k -> new double[4]);
            int column = precision == Precision.FLOAT64 ? 0 : 2;
            row[column] = Math.max(row[column], largest);
            row[column + 1] = Math.max(row[column + 1], largestRelative);
        }
    }

    /**
     * A network {@code widths[0] -> ... } with {@code f} in every layer and weights large enough that the
     * potentials reach beyond +-10 for some samples.
     */
    private static Network network(SplittableRandom rnd, Activation f, int... widths) {
        List<Layer> layers = new ArrayList<>();
        for (int l = 1; l < widths.length; l++) {
            layers.add(new Layer(TestNets.uniform(rnd, widths[l], widths[l - 1], -2, 2),
                    TestNets.uniform(rnd, widths[l], 1, -1, 1), f));
        }
        return new Network(layers);
    }

    /** Inputs uniform in [-3, 3), every fifth row times 4. */
    private static DMatrixRMaj inputs(SplittableRandom rnd, int m, int n) {
        DMatrixRMaj x = TestNets.uniform(rnd, m, n, -3, 3);
        for (int i = 0; i < m; i += 5) {
            for (int j = 0; j < n; j++) {
                x.data[i * n + j] *= 4;
            }
        }
        return x;
    }

    /** Raw features {@code offset + spread * u}, u uniform in [-2, 2). */
    private static DMatrixRMaj raw(SplittableRandom rnd, int m, double[] offset, double[] spread) {
        DMatrixRMaj x = new DMatrixRMaj(m, offset.length);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < offset.length; j++) {
                x.set(i, j, offset[j] + spread[j] * (4 * rnd.nextDouble() - 2));
            }
        }
        return x;
    }
}
