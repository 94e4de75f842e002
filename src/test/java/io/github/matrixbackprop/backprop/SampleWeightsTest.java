package io.github.matrixbackprop.backprop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.check.FiniteDifferences;
import io.github.matrixbackprop.check.GradientCheck;
import io.github.matrixbackprop.check.GradientCheckReport;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The engine with per-sample weights and with the loss options: gradients against finite
 * differences and the explicit Jacobian chain of the weighted cost, weights of all 1 against the
 * unweighted path bit for bit, integer weights against repeated samples, and the messages.
 */
class SampleWeightsTest {

    private static final int M = 7;
    private static final double[] OBSERVED = new double[2];

    @AfterAll
    static void printObservedErrors() {
        System.out.printf(java.util.Locale.ROOT, "sample weights: largest relative error vs Jacobian chain %.2e"
                + " (tolerance %.0e), vs finite differences %.2e (tolerance %.0e)%n", OBSERVED[0],
                BackpropTest.CHAIN_TOL, OBSERVED[1], BackpropTest.FD_TOL);
    }

    record Case(String name, Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case of(Loss loss, Activation output, DMatrixRMaj y) {
        Network net = TestNets.random(5, new int[] {3, 5, y.numCols}, Activations.tanh(), output);
        return new Case(loss + " after " + output.name(), net, loss, TestNets.inputs(6, M, 3), y);
    }

    static Stream<Case> cases() {
        DMatrixRMaj oneHot = TestNets.oneHot(7, M, 4);
        DMatrixRMaj soft = TestNets.softTargets(8, M, 4);
        DMatrixRMaj unit = TestNets.unitTargets(9, M, 4);
        DMatrixRMaj real = TestNets.inputs(10, M, 4);
        return Stream.of(
                of(Losses.halfSse(), Activations.tanh(), real),
                of(Losses.mse(), Activations.identity(), real),
                of(Losses.huber(0.5), Activations.identity(), real),
                of(Losses.softmaxCrossEntropy(), Activations.softmax(), soft),
                of(Losses.softmaxCrossEntropy().withClassWeights(0.5, 3, 1, 2), Activations.softmax(), oneHot),
                of(Losses.softmaxCrossEntropy().withLabelSmoothing(0.2), Activations.softmax(), soft),
                of(Losses.softmaxCrossEntropy().withClassWeights(0.5, 3, 1, 2).withLabelSmoothing(0.1),
                        Activations.softmax(), oneHot),
                of(Losses.binaryCrossEntropy(), Activations.sigmoid(), unit),
                of(Losses.binaryCrossEntropy().withPosWeight(2, 0.5, 1, 4), Activations.sigmoid(), unit),
                of(Losses.binaryCrossEntropy().withPosWeight(2, 0.5, 1, 4), Activations.softmax(), unit));
    }

    /** s: positive, one weight 0. */
    private static DMatrixRMaj weights() {
        DMatrixRMaj s = TestNets.uniform(new SplittableRandom(11), M, 1, 0.2, 3.0);
        s.data[2] = 0.0;
        return s;
    }

    private static void record(GradientCheckReport r, int which, double tol) {
        OBSERVED[which] = Math.max(OBSERVED[which], r.maxError());
        assertTrue(r.passes(tol), r.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void weightedGradientMatchesFiniteDifferencesAndTheJacobianChain(Case c) {
        DMatrixRMaj s = weights();
        record(GradientCheck.finiteDifferences().check(c.network(), c.loss(), c.x(), c.y(), s), 1,
                BackpropTest.FD_TOL);
        record(GradientCheck.jacobianChain().check(c.network(), c.loss(), c.x(), c.y(), s), 0,
                BackpropTest.CHAIN_TOL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unweightedGradientOfEveryOptionMatchesFiniteDifferencesAndTheJacobianChain(Case c) {
        record(GradientCheck.finiteDifferences().check(c.network(), c.loss(), c.x(), c.y()), 1, BackpropTest.FD_TOL);
        record(GradientCheck.jacobianChain().check(c.network(), c.loss(), c.x(), c.y()), 0, BackpropTest.CHAIN_TOL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void weightsOfOneGiveTheUnweightedNumbersBitForBit(Case c) {
        Backprop engine = new Backprop(c.network(), c.loss());
        Gradients plain = Gradients.zerosLike(c.network());
        Gradients weighted = Gradients.zerosLike(c.network());
        double cost = engine.compute(c.x(), c.y(), plain);
        DMatrixRMaj ones = new DMatrixRMaj(M, 1);
        CommonOps_DDRM.fill(ones, 1.0);
        assertEquals(cost, engine.compute(c.x(), c.y(), ones, weighted), 0.0);
        for (int l = 1; l <= c.network().depth(); l++) {
            assertArrayEquals(plain.weights(l).data, weighted.weights(l).data, 0.0, "dC/dW^" + l);
            assertArrayEquals(plain.bias(l).data, weighted.bias(l).data, 0.0, "dC/db^" + l);
        }
        assertEquals(cost, engine.cost(c.x(), c.y(), ones), 0.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void integerWeightsEqualRepeatedSamplesAndZeroWeightsDroppedOnes(Case c) {
        int[] counts = {1, 3, 0, 2, 1, 0, 4};
        DMatrixRMaj s = new DMatrixRMaj(M, 1);
        int total = 0;
        for (int i = 0; i < M; i++) {
            s.data[i] = counts[i];
            total += counts[i];
        }
        DMatrixRMaj xr = new DMatrixRMaj(total, c.x().numCols);
        DMatrixRMaj yr = new DMatrixRMaj(total, c.y().numCols);
        int r = 0;
        for (int i = 0; i < M; i++) {
            for (int k = 0; k < counts[i]; k++, r++) {
                CommonOps_DDRM.extract(c.x(), i, i + 1, 0, c.x().numCols, xr, r, 0);
                CommonOps_DDRM.extract(c.y(), i, i + 1, 0, c.y().numCols, yr, r, 0);
            }
        }
        Backprop engine = new Backprop(c.network(), c.loss());
        Gradients repeated = Gradients.zerosLike(c.network());
        double expected = engine.compute(xr, yr, repeated);
        double repeatedNorm = engine.normaliser();
        Gradients weighted = Gradients.zerosLike(c.network());
        assertEquals(expected, engine.compute(c.x(), c.y(), s, weighted), 1e-14 * Math.max(1, Math.abs(expected)));
        assertEquals(repeatedNorm, engine.normaliser(), 1e-12);
        assertGradientsClose(repeated, weighted, 1e-14);
        // only the ratios matter
        CommonOps_DDRM.scale(0.37, s);
        assertEquals(expected, engine.compute(c.x(), c.y(), s, weighted), 1e-14 * Math.max(1, Math.abs(expected)));
        assertGradientsClose(repeated, weighted, 1e-14);
    }

    @Test
    void sampleAndClassWeightsMultiply() {
        Case c = cases().filter(k -> k.loss().toString().startsWith("softmax_cross_entropy(class_weights")
                && !k.loss().toString().contains("smoothing")).findFirst().orElseThrow();
        double[] w = {0.5, 3, 1, 2};
        Loss plain = Losses.softmaxCrossEntropy();
        DMatrixRMaj s = weights();
        double num = 0;
        double den = 0;
        for (int i = 0; i < M; i++) { // c_i from the plain loss on sample i alone
            DMatrixRMaj xi = CommonOps_DDRM.extractRow(c.x(), i, null);
            DMatrixRMaj yi = CommonOps_DDRM.extractRow(c.y(), i, null);
            int cls = 0;
            while (yi.data[cls] != 1.0) {
                cls++;
            }
            double ci = FiniteDifferences.cost(c.network(), plain, xi, yi);
            num += s.data[i] * w[cls] * ci;
            den += s.data[i] * w[cls];
        }
        Backprop engine = new Backprop(c.network(), c.loss());
        assertEquals(num / den, engine.compute(c.x(), c.y(), s), 1e-14);
        assertEquals(den, engine.normaliser(), 1e-14);
    }

    @Test
    void perSampleGradientsOfAClassWeightedLossAreThoseOfTheSamplesTerms() {
        Case c = cases().filter(k -> k.loss().toString().contains("class_weights")
                && k.loss().toString().contains("smoothing")).findFirst().orElseThrow();
        PerSampleGradients ps = new PerSampleGradients(new Backprop(c.network(), c.loss()));
        ps.compute(c.x(), c.y());
        Gradients batch = ps.engine().gradients().copy();
        double n = ps.engine().normaliser();
        Gradients sum = Gradients.zerosLike(c.network());
        for (int i = 0; i < M; i++) {
            Gradients gi = ps.sample(i);
            for (int l = 1; l <= sum.depth(); l++) {
                CommonOps_DDRM.addEquals(sum.weights(l), 1.0 / n, gi.weights(l));
                CommonOps_DDRM.addEquals(sum.bias(l), 1.0 / n, gi.bias(l));
            }
        }
        assertGradientsClose(batch, sum, 1e-14);
    }

    @Test
    void badSampleWeightsAreNamedBeforeAnythingIsWritten() {
        Case c = cases().findFirst().orElseThrow();
        Backprop engine = new Backprop(c.network(), c.loss());
        Gradients out = Gradients.zerosLike(c.network());
        CommonOps_DDRM.fill(out.weights(1), 5.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.compute(c.x(), c.y(), new DMatrixRMaj(M, 2), out));
        assertEquals("the sample weights s are 7x2 but X is 7x3, so s must be 7x1 (one weight per sample, row)",
                e.getMessage());
        DMatrixRMaj s = weights();
        s.data[4] = -0.5;
        e = assertThrows(IllegalArgumentException.class, () -> engine.compute(c.x(), c.y(), s, out));
        assertEquals("the sample weight of row 4 is -0.5 but must be finite and >= 0", e.getMessage());
        s.data[4] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> engine.cost(c.x(), c.y(), s));
        assertEquals("the sample weight of row 4 is NaN but must be finite and >= 0", e.getMessage());
        NullPointerException n = assertThrows(NullPointerException.class, () -> engine.compute(c.x(), c.y(),
                (DMatrixRMaj) null));
        assertEquals("sample weights s must not be null", n.getMessage());
        for (double v : out.weights(1).data) {
            assertEquals(5.0, v, 0.0);
        }
    }

    @Test
    void zeroWeightsGiveAZeroCostAndGradient() {
        Case c = cases().findFirst().orElseThrow();
        Backprop engine = new Backprop(c.network(), c.loss());
        assertEquals(0.0, engine.compute(c.x(), c.y(), new DMatrixRMaj(M, 1)), 0.0);
        assertEquals(0.0, engine.normaliser(), 0.0);
        assertEquals(0.0, engine.gradients().norm(), 0.0);
    }

    @Test
    void theWeightedPathAllocatesNothingAfterWarmUp() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemorySupported()) {
            throw new AssertionError("this JVM cannot measure allocations per thread");
        }
        for (Case c : cases().toList()) {
            Backprop engine = new Backprop(c.network(), c.loss(), 1);
            DMatrixRMaj s = weights();
            for (int i = 0; i < 2000; i++) {
                engine.compute(c.x(), c.y(), s);
            }
            long before = sun.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200; i++) {
                engine.compute(c.x(), c.y(), s);
            }
            long bytes = sun.getCurrentThreadAllocatedBytes() - before;
            assertTrue(bytes < 200 * 16, c + ": 200 weighted steps allocated " + bytes + " bytes");
        }
    }

    private static void assertGradientsClose(Gradients expected, Gradients actual, double tol) {
        for (int l = 1; l <= expected.depth(); l++) {
            for (int i = 0; i < expected.weights(l).getNumElements(); i++) {
                double ref = expected.weights(l).data[i];
                assertEquals(ref, actual.weights(l).data[i], tol * Math.max(1, Math.abs(ref)), "dC/dW^" + l);
            }
            for (int i = 0; i < expected.bias(l).getNumElements(); i++) {
                double ref = expected.bias(l).data[i];
                assertEquals(ref, actual.bias(l).data[i], tol * Math.max(1, Math.abs(ref)), "dC/db^" + l);
            }
        }
    }
}
