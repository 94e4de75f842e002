package io.github.matrixbackprop.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LossTest {

    /** A loss, a fitting output activation, and fitting targets (n_L x m, one sample per column). */
    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(Losses.halfSse(), Activations.tanh(), col(TestNets.inputs(1, 5, 4))),
                Arguments.of(Losses.mse(), Activations.identity(), col(TestNets.inputs(2, 5, 4))),
                Arguments.of(Losses.huber(0.7), Activations.identity(), col(TestNets.inputs(3, 5, 4))),
                Arguments.of(Losses.softmaxCrossEntropy(), Activations.softmax(), col(TestNets.softTargets(4, 5, 4))),
                Arguments.of(Losses.binaryCrossEntropy(), Activations.sigmoid(), col(TestNets.unitTargets(5, 5, 4))),
                Arguments.of(Losses.binaryCrossEntropy(), Activations.softmax(), col(TestNets.unitTargets(6, 5, 4))),
                Arguments.of(Losses.mse(), Activations.softmax(), col(TestNets.inputs(7, 5, 4))));
    }

    private static DMatrixRMaj col(DMatrixRMaj rows) {
        return CommonOps_DDRM.transpose(rows, null);
    }

    private static DMatrixRMaj potentials(int n, int m) {
        return TestNets.uniform(new SplittableRandom(42), n, m, -2, 2);
    }

    private static DMatrixRMaj apply(Activation f, DMatrixRMaj z) {
        DMatrixRMaj a = new DMatrixRMaj(z.numRows, z.numCols);
        f.forward(z, a);
        return a;
    }

    /** The batch cost written out from math.md's table, independently of the implementations. */
    private static double formula(Loss loss, DMatrixRMaj a, DMatrixRMaj y) {
        int n = a.numRows;
        int m = a.numCols;
        double total = 0;
        for (int i = 0; i < m; i++) {
            double c = 0;
            for (int k = 0; k < n; k++) {
                double ak = a.get(k, i);
                double yk = y.get(k, i);
                double r = ak - yk;
                c += switch (loss.name()) {
                    case "half_sse" -> 0.5 * r * r;
                    case "mse" -> r * r / n;
                    case "huber" -> (Math.abs(r) <= 0.7 ? 0.5 * r * r : 0.7 * (Math.abs(r) - 0.35)) / n;
                    case "softmax_cross_entropy" -> -yk * Math.log(ak);
                    case "binary_cross_entropy" -> -(yk * Math.log(ak) + (1 - yk) * Math.log(1 - ak)) / n;
                    default -> throw new AssertionError(loss.name());
                };
            }
            total += c;
        }
        return total / m;
    }

    @ParameterizedTest(name = "{0} after {1}")
    @MethodSource("pairs")
    void costMatchesFormula(Loss loss, Activation f, DMatrixRMaj y) {
        DMatrixRMaj z = potentials(y.numRows, y.numCols);
        DMatrixRMaj a = apply(f, z);
        assertEquals(formula(loss, a, y), loss.cost(f, z, a, y), 1e-14);
    }

    @ParameterizedTest(name = "{0} after {1}")
    @MethodSource("pairs")
    void gradientMatchesCentralDifferencesOfPerSampleCost(Loss loss, Activation f, DMatrixRMaj y) {
        int n = y.numRows;
        int m = y.numCols;
        DMatrixRMaj a = apply(Activations.sigmoid(), potentials(n, m)); // outputs in (0,1): valid for every loss
        DMatrixRMaj g = new DMatrixRMaj(n, m);
        loss.gradient(a, y, g);
        double h = 1e-6;
        for (int k = 0; k < a.getNumElements(); k++) {
            DMatrixRMaj up = a.copy();
            DMatrixRMaj down = a.copy();
            up.data[k] += h;
            down.data[k] -= h;
            // grad_a c is per sample, the batch cost is the mean, so dC/da_k = g_k / m
            double fd = (formula(loss, up, y) - formula(loss, down, y)) / (up.data[k] - down.data[k]);
            assertEquals(fd * m, g.data[k], 1e-8, loss.name() + " element " + k);
        }
    }

    @ParameterizedTest(name = "{0} after {1}")
    @MethodSource("pairs")
    void outputDeltaEqualsChainRuleThroughTheActivation(Loss loss, Activation f, DMatrixRMaj y) {
        int n = y.numRows;
        int m = y.numCols;
        DMatrixRMaj z = potentials(n, m);
        DMatrixRMaj a = apply(f, z);
        DMatrixRMaj delta = new DMatrixRMaj(n, m);
        loss.outputDelta(f, z, a, y, delta);
        // dC/dZ by central differences of the cost through the activation
        double h = 1e-6;
        for (int k = 0; k < z.getNumElements(); k++) {
            DMatrixRMaj up = z.copy();
            DMatrixRMaj down = z.copy();
            up.data[k] += h;
            down.data[k] -= h;
            double fd = (loss.cost(f, up, apply(f, up), y) - loss.cost(f, down, apply(f, down), y))
                    / (up.data[k] - down.data[k]);
            assertEquals(fd, delta.data[k], 1e-9, loss.name() + " element " + k);
        }
    }

    @Test
    void fusedSignalsEqualTheUnfusedChainRule() {
        DMatrixRMaj z = potentials(4, 6);
        DMatrixRMaj ySoft = col(TestNets.softTargets(9, 6, 4));
        DMatrixRMaj yUnit = col(TestNets.unitTargets(9, 6, 4));
        for (Object[] c : new Object[][] {
                {Losses.softmaxCrossEntropy(), Activations.softmax(), ySoft},
                {Losses.binaryCrossEntropy(), Activations.sigmoid(), yUnit}}) {
            Loss loss = (Loss) c[0];
            Activation f = (Activation) c[1];
            DMatrixRMaj y = (DMatrixRMaj) c[2];
            DMatrixRMaj a = apply(f, z);
            DMatrixRMaj fused = new DMatrixRMaj(4, 6);
            loss.outputDelta(f, z, a, y, fused);
            DMatrixRMaj generic = new DMatrixRMaj(4, 6);
            loss.gradient(a, y, generic);
            f.applyJacobianTranspose(z, a, generic);
            CommonOps_DDRM.scale(1.0 / 6, generic);
            for (int k = 0; k < fused.getNumElements(); k++) {
                assertEquals(generic.data[k], fused.data[k], 1e-15, loss.name() + " element " + k);
            }
        }
    }

    @Test
    void crossEntropyStaysFiniteForHugeLogits() {
        DMatrixRMaj z = new DMatrixRMaj(new double[][] {{1e4}, {0}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0}, {1}});
        DMatrixRMaj a = apply(Activations.softmax(), z);
        assertEquals(1e4, Losses.softmaxCrossEntropy().cost(Activations.softmax(), z, a, y), 1e-12);
        DMatrixRMaj delta = new DMatrixRMaj(2, 1);
        Losses.softmaxCrossEntropy().outputDelta(Activations.softmax(), z, a, y, delta);
        assertEquals(1.0, delta.get(0, 0), 0.0);
        assertEquals(-1.0, delta.get(1, 0), 0.0);
    }

    @Test
    void binaryCrossEntropyWithSigmoidStaysFiniteWhenSaturated() {
        DMatrixRMaj z = new DMatrixRMaj(new double[][] {{800, -800}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0, 1}});
        DMatrixRMaj a = apply(Activations.sigmoid(), z);
        // softplus(800) - 0 = 800 and softplus(-800) + 800 = 800: mean over 2 elements is 800
        assertEquals(800.0, Losses.binaryCrossEntropy().cost(Activations.sigmoid(), z, a, y), 1e-12);
    }

    @Test
    void binaryCrossEntropyClampsLogsForOutputsOfExactlyZeroOrOne() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{0.0, 1.0}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1.0, 0.0}});
        double c = Losses.binaryCrossEntropy().cost(Activations.identity(), a, a, y);
        assertEquals(100.0, c, 0.0); // each log clamped at -100, as PyTorch's BCELoss
        DMatrixRMaj g = new DMatrixRMaj(1, 2);
        Losses.binaryCrossEntropy().gradient(a, y, g);
        assertTrue(Double.isFinite(g.data[0]) && Double.isFinite(g.data[1]));
    }

    @Test
    void crossEntropyNeedsASoftmaxOutput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy().checkOutputActivation(Activations.relu()));
        assertTrue(e.getMessage().contains("softmax") && e.getMessage().contains("relu"), e.getMessage());
    }

    @Test
    void targetsOutsideTheLossesRangeAreNamed() {
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0.2, 1.5}, {0.8, 0.0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.binaryCrossEntropy().checkTargets(y));
        assertTrue(e.getMessage().contains("sample 1") && e.getMessage().contains("1.5"), e.getMessage());
        DMatrixRMaj neg = new DMatrixRMaj(new double[][] {{-0.1}, {1.1}});
        assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy().checkTargets(neg));
        DMatrixRMaj nan = new DMatrixRMaj(new double[][] {{Double.NaN}});
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> Losses.mse().checkTargets(nan));
        assertTrue(n.getMessage().contains("NaN"), n.getMessage());
    }

    @Test
    void mismatchedShapesNameBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.mse().cost(Activations.identity(), new DMatrixRMaj(3, 2), new DMatrixRMaj(3, 2),
                        new DMatrixRMaj(2, 3)));
        assertTrue(e.getMessage().contains("3x2") && e.getMessage().contains("2x3"), e.getMessage());
    }

    @Test
    void huberNeedsAPositiveFiniteDelta() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.huber(0.0));
        assertTrue(e.getMessage().contains("huber delta") && e.getMessage().contains("0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.huber(Double.NaN));
    }

    @Test
    void namesResolve() {
        for (String name : Losses.NAMES) {
            assertEquals(name, Losses.byName(name).name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.byName("hinge"));
        assertTrue(e.getMessage().contains("hinge"), e.getMessage());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void hessianTimesMatchesDifferencesOfTheGradient(Loss loss, Activation f, DMatrixRMaj y) {
        int n = y.numRows;
        int m = y.numCols;
        DMatrixRMaj a = apply(Activations.sigmoid(), potentials(n, m));
        DMatrixRMaj v = TestNets.uniform(new SplittableRandom(7), n, m, -1, 1);
        assertHessianMatchesGradientDifferences(loss, a, y, v);
    }

    /** {@code H v} of the loss against central differences of its unfused gradient along {@code v}. */
    static void assertHessianMatchesGradientDifferences(Loss loss, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj v) {
        int n = a.numRows;
        int m = a.numCols;
        DMatrixRMaj hv = new DMatrixRMaj(n, m);
        loss.hessianTimes(a, y, v, hv);
        double e = 1e-6;
        DMatrixRMaj up = a.copy();
        DMatrixRMaj down = a.copy();
        CommonOps_DDRM.addEquals(up, e, v);
        CommonOps_DDRM.addEquals(down, -e, v);
        DMatrixRMaj gu = new DMatrixRMaj(n, m);
        DMatrixRMaj gd = new DMatrixRMaj(n, m);
        loss.gradient(up, y, gu);
        loss.gradient(down, y, gd);
        for (int k = 0; k < n * m; k++) {
            double fd = (gu.data[k] - gd.data[k]) / (2 * e);
            assertEquals(fd, hv.data[k], 1e-6 * Math.max(1, Math.abs(fd)), loss + " element " + k);
        }
    }
}
