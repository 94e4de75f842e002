package io.github.matrixbackprop.backprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.check.FiniteDifferences;
import io.github.matrixbackprop.check.GradientCheck;
import io.github.matrixbackprop.check.GradientCheckReport;
import io.github.matrixbackprop.check.JacobianChain;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine against both independent references.
 *
 * <p>Tolerances (relative error {@code |x - ref| / max(1, |ref|)}):
 * <ul>
 *   <li>Jacobian chain: {@value #CHAIN_TOL}. Both compute the same exact expression and differ
 *       only in the order of floating-point operations; observed errors are a few ulp (about 1e-16).</li>
 *   <li>Finite differences (step 1e-6): {@value #FD_TOL}. Truncation error is about
 *       {@code h^2 |C'''| / 6 ~ 1e-12} and rounding about {@code eps |C| / h ~ 1e-10}; observed
 *       errors are 1e-11 to 1e-9.</li>
 * </ul>
 */
class BackpropTest {

    static final double CHAIN_TOL = 1e-12;
    static final double FD_TOL = 1e-7;

    /** Largest errors observed over all cases, printed after the class so the margins stay visible. */
    private static final double[] OBSERVED = new double[2];

    @AfterAll
    static void printObservedErrors() {
        System.out.printf(java.util.Locale.ROOT,
                "backprop: largest relative error vs Jacobian chain %.2e (tolerance %.0e), vs finite differences"
                        + " %.2e (tolerance %.0e)%n", OBSERVED[0], CHAIN_TOL, OBSERVED[1], FD_TOL);
    }

    record Case(String name, Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static DMatrixRMaj targets(Loss loss, long seed, int m, int n) {
        return switch (loss.name()) {
            case "softmax_cross_entropy" -> TestNets.softTargets(seed, m, n);
            case "binary_cross_entropy" -> TestNets.unitTargets(seed, m, n);
            default -> TestNets.inputs(seed, m, n);
        };
    }

    private static Activation outputFor(Loss loss) {
        return switch (loss.name()) {
            case "softmax_cross_entropy" -> Activations.softmax();
            case "binary_cross_entropy" -> Activations.sigmoid();
            default -> Activations.identity();
        };
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Activation[] hidden = {Activations.identity(), Activations.sigmoid(), Activations.tanh(), Activations.relu(),
            Activations.leakyRelu(), Activations.leakyRelu(-0.2), Activations.elu(), Activations.elu(0.3),
            Activations.softplus(), Activations.gelu(), Activations.silu(), Activations.softmax()};
        Loss[] losses = {Losses.halfSse(), Losses.mse(), Losses.huber(0.5), Losses.softmaxCrossEntropy(),
            Losses.binaryCrossEntropy()};
        long seed = 100;
        // every hidden activation with every loss, batch 1 and 7
        for (Activation f : hidden) {
            for (Loss loss : losses) {
                for (int m : new int[] {1, 7}) {
                    seed++;
                    Network net = TestNets.random(seed, new int[] {3, 5, 4, 3}, f, f, outputFor(loss));
                    cases.add(new Case(f.name() + " hidden, " + loss.name() + ", m=" + m, net, loss,
                            TestNets.inputs(seed + 1, m, 3), targets(loss, seed + 2, m, 3)));
                }
            }
        }
        // every activation as the output layer, with costs that do not fuse with it
        for (Activation f : hidden) {
            for (Loss loss : new Loss[] {Losses.halfSse(), Losses.mse()}) {
                seed++;
                Network net = TestNets.random(seed, new int[] {4, 6, 3}, Activations.tanh(), f);
                cases.add(new Case(f.name() + " output, " + loss.name(), net, loss,
                        TestNets.inputs(seed + 1, 5, 4), targets(loss, seed + 2, 5, 3)));
            }
        }
        // binary cross-entropy on a non-sigmoid output in (0,1): the unfused path
        Network softmaxOut = TestNets.random(7, new int[] {4, 6, 3}, Activations.relu(), Activations.softmax());
        cases.add(new Case("softmax output, binary_cross_entropy (unfused)", softmaxOut, Losses.binaryCrossEntropy(),
                TestNets.inputs(8, 6, 4), TestNets.unitTargets(9, 6, 3)));
        // depth 1 to 5, mixed activations
        Activation[] mix = {Activations.tanh(), Activations.gelu(), Activations.softmax(), Activations.elu(),
            Activations.sigmoid()};
        for (int depth = 1; depth <= 5; depth++) {
            int[] widths = new int[depth + 1];
            Activation[] fs = new Activation[depth];
            for (int l = 0; l <= depth; l++) {
                widths[l] = 2 + (l * 3) % 5;
            }
            for (int l = 0; l < depth - 1; l++) {
                fs[l] = mix[l];
            }
            fs[depth - 1] = Activations.softmax();
            for (int m : new int[] {1, 4, 9}) {
                seed++;
                Network net = TestNets.random(seed, widths, fs);
                Loss loss = Losses.softmaxCrossEntropy();
                cases.add(new Case("depth " + depth + ", m=" + m, net, loss,
                        TestNets.inputs(seed + 1, m, widths[0]), TestNets.oneHot(seed + 2, m, widths[depth])));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void engineEqualsJacobianChain(Case c) {
        GradientCheckReport report = GradientCheck.jacobianChain().check(c.network(), c.loss(), c.x(), c.y());
        OBSERVED[0] = Math.max(OBSERVED[0], report.maxError());
        assertTrue(report.passes(CHAIN_TOL), report::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void engineEqualsFiniteDifferences(Case c) {
        GradientCheckReport report = GradientCheck.finiteDifferences().check(c.network(), c.loss(), c.x(), c.y());
        OBSERVED[1] = Math.max(OBSERVED[1], report.maxError());
        assertTrue(report.passes(FD_TOL), report::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void costEqualsPlainForwardCost(Case c) {
        double cost = new Backprop(c.network(), c.loss()).compute(c.x(), c.y());
        assertEquals(FiniteDifferences.cost(c.network(), c.loss(), c.x(), c.y()), cost, 1e-14 * Math.max(1, cost));
    }

    @Test
    void referencesAgreeWithEachOther() {
        Network net = TestNets.random(3, new int[] {3, 4, 2}, Activations.silu(), Activations.sigmoid());
        DMatrixRMaj x = TestNets.inputs(4, 6, 3);
        DMatrixRMaj y = TestNets.unitTargets(5, 6, 2);
        Gradients chain = JacobianChain.gradient(net, Losses.binaryCrossEntropy(), x, y);
        Gradients fd = FiniteDifferences.gradient(net, Losses.binaryCrossEntropy(), x, y);
        assertTrue(GradientCheck.compare(chain, fd, "fd", 0).passes(FD_TOL));
    }

    @Test
    void workspacesAreReusedAcrossBatchSizesWithoutChangingResults() {
        Network net = TestNets.random(11, new int[] {4, 8, 3}, Activations.relu(), Activations.softmax());
        Backprop engine = new Backprop(net, Losses.softmaxCrossEntropy());
        for (int m : new int[] {7, 3, 7, 1, 12, 5}) {
            DMatrixRMaj x = TestNets.inputs(m, m, 4);
            DMatrixRMaj y = TestNets.oneHot(m + 1, m, 3);
            double cost = engine.compute(x, y);
            Backprop fresh = new Backprop(net, Losses.softmaxCrossEntropy());
            assertEquals(fresh.compute(x, y), cost, 0.0);
            assertBitIdentical(fresh.gradients(), engine.gradients());
        }
    }

    @Test
    void resultsAreBitIdenticalRunToRun() {
        Network a = TestNets.random(12, new int[] {6, 9, 9, 4}, Activations.gelu(), Activations.tanh(),
                Activations.softmax());
        Network b = TestNets.random(12, new int[] {6, 9, 9, 4}, Activations.gelu(), Activations.tanh(),
                Activations.softmax());
        DMatrixRMaj x = TestNets.inputs(13, 20, 6);
        DMatrixRMaj y = TestNets.oneHot(14, 20, 4);
        Backprop ea = new Backprop(a, Losses.softmaxCrossEntropy());
        Backprop eb = new Backprop(b, Losses.softmaxCrossEntropy());
        assertEquals(Double.doubleToRawLongBits(ea.compute(x, y)), Double.doubleToRawLongBits(eb.compute(x, y)));
        assertBitIdentical(ea.gradients(), eb.gradients());
    }

    @Test
    void resultsAreBitIdenticalForEveryThreadCountAndAgreeAcrossKernels() {
        Network net = TestNets.random(25, new int[] {50, 140, 70, 10}, Activations.relu(), Activations.tanh(),
                Activations.softmax());
        DMatrixRMaj x = TestNets.inputs(26, 200, 50);
        DMatrixRMaj y = TestNets.oneHot(27, 200, 10);
        Backprop one = new Backprop(net, Losses.softmaxCrossEntropy(), 1);
        double c1 = one.compute(x, y);
        for (int t = 2; t <= 3; t++) {
            Backprop many = new Backprop(net, Losses.softmaxCrossEntropy(), t);
            assertEquals(Double.doubleToRawLongBits(c1), Double.doubleToRawLongBits(many.compute(x, y)));
            assertBitIdentical(one.gradients(), many.gradients());
        }
        for (io.github.matrixbackprop.kernel.MatrixKernel k : List.of(io.github.matrixbackprop.kernel.Kernels.ejml(),
                io.github.matrixbackprop.kernel.Kernels.scalar(2))) {
            Backprop other = new Backprop(net, Losses.softmaxCrossEntropy(), k);
            assertEquals(c1, other.compute(x, y), 1e-13);
            assertTrue(GradientCheck.compare(other.gradients(), one.gradients(), k.name(), 0).passes(1e-13));
        }
    }

    @Test
    void engineReadsParameterUpdatesBetweenCalls() {
        Network net = TestNets.random(15, new int[] {2, 3, 1}, Activations.tanh(), Activations.identity());
        DMatrixRMaj x = TestNets.inputs(16, 4, 2);
        DMatrixRMaj y = TestNets.inputs(17, 4, 1);
        Backprop engine = new Backprop(net, Losses.mse());
        double before = engine.compute(x, y);
        net.layer(2).bias().data[0] += 1.0;
        double after = engine.compute(x, y);
        assertEquals(FiniteDifferences.cost(net, Losses.mse(), x, y), after, 1e-14);
        assertTrue(before != after);
    }

    @Test
    void wrongShapesAreRejectedNamingBothAndNothingIsModified() {
        Network net = TestNets.random(18, new int[] {3, 4, 2}, Activations.tanh(), Activations.identity());
        Network pristine = net.copy();
        Backprop engine = new Backprop(net, Losses.mse());
        DMatrixRMaj x = TestNets.inputs(19, 5, 3);
        DMatrixRMaj y = TestNets.inputs(20, 5, 2);
        DMatrixRMaj x0 = x.copy();
        DMatrixRMaj y0 = y.copy();

        IllegalArgumentException wrongX = assertThrows(IllegalArgumentException.class,
                () -> engine.compute(new DMatrixRMaj(5, 4), y));
        assertTrue(wrongX.getMessage().contains("X is 5x4") && wrongX.getMessage().contains("3 columns"),
                wrongX.getMessage());
        IllegalArgumentException wrongRows = assertThrows(IllegalArgumentException.class,
                () -> engine.compute(x, new DMatrixRMaj(4, 2)));
        assertTrue(wrongRows.getMessage().contains("Y is 4x2") && wrongRows.getMessage().contains("X is 5x3")
                && wrongRows.getMessage().contains("5x2"), wrongRows.getMessage());
        IllegalArgumentException wrongCols = assertThrows(IllegalArgumentException.class,
                () -> engine.compute(x, new DMatrixRMaj(5, 3)));
        assertTrue(wrongCols.getMessage().contains("Y is 5x3"), wrongCols.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> engine.compute(new DMatrixRMaj(0, 3), new DMatrixRMaj(0, 2)));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        Network other = TestNets.random(21, new int[] {3, 5, 2}, Activations.tanh(), Activations.identity());
        IllegalArgumentException wrongGrad = assertThrows(IllegalArgumentException.class,
                () -> engine.compute(x, y, Gradients.zerosLike(other)));
        assertTrue(wrongGrad.getMessage().contains("layer 1") && wrongGrad.getMessage().contains("5x3")
                && wrongGrad.getMessage().contains("4x3"), wrongGrad.getMessage());

        assertTrue(MatrixFeatures_DDRM.isIdentical(x0, x, 0));
        assertTrue(MatrixFeatures_DDRM.isIdentical(y0, y, 0));
        for (int l = 1; l <= 2; l++) {
            assertTrue(MatrixFeatures_DDRM.isIdentical(pristine.layer(l).weights(), net.layer(l).weights(), 0));
            assertTrue(MatrixFeatures_DDRM.isIdentical(pristine.layer(l).bias(), net.layer(l).bias(), 0));
        }
    }

    @Test
    void invalidTargetsAreRejectedBeforeAnyWork() {
        Network net = TestNets.random(22, new int[] {3, 2}, Activations.sigmoid());
        Backprop engine = new Backprop(net, Losses.binaryCrossEntropy());
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0.5, 2.0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.compute(TestNets.inputs(1, 1, 3), y));
        assertTrue(e.getMessage().contains("2.0") && e.getMessage().contains("[0, 1]"), e.getMessage());
    }

    @Test
    void lossThatDoesNotFitTheOutputIsRejectedAtConstruction() {
        Network net = TestNets.random(23, new int[] {3, 2}, Activations.relu());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Backprop(net, Losses.softmaxCrossEntropy()));
        assertTrue(e.getMessage().contains("softmax") && e.getMessage().contains("relu"), e.getMessage());
    }

    @Test
    void reshapedLiveParametersAreReported() {
        Network net = TestNets.random(24, new int[] {3, 2}, Activations.identity());
        Backprop engine = new Backprop(net, Losses.mse());
        net.layer(1).weights().reshape(3, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> engine.compute(TestNets.inputs(1, 2, 3), TestNets.inputs(2, 2, 2)));
        assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("3x2"), e.getMessage());
    }

    static void assertBitIdentical(Gradients expected, Gradients actual) {
        for (int l = 1; l <= expected.depth(); l++) {
            assertTrue(MatrixFeatures_DDRM.isIdentical(expected.weights(l), actual.weights(l), 0), "grad W" + l);
            assertTrue(MatrixFeatures_DDRM.isIdentical(expected.bias(l), actual.bias(l), 0), "grad b" + l);
        }
    }
}
