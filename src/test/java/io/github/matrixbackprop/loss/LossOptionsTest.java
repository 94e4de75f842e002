package io.github.matrixbackprop.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/**
 * Class weights and label smoothing of softmax cross-entropy, positive weights of binary
 * cross-entropy, and sample weights of every loss: the cost against the definitions as PyTorch
 * documents them (written out here, independently of the implementation), the output signal and
 * the gradients against central differences, and the validation messages.
 */
class LossOptionsTest {

    private static final int N = 4;
    private static final int M = 6;

    /** Sample weights s (1 x m): one of them 0. */
    private static DMatrixRMaj sampleWeights() {
        return new DMatrixRMaj(1, M, true, 0.5, 2.0, 0.0, 1.25, 3.0, 0.75);
    }

    private static DMatrixRMaj oneHot() {
        return CommonOps_DDRM.transpose(TestNets.oneHot(11, M, N), null);
    }

    private static DMatrixRMaj soft() {
        return CommonOps_DDRM.transpose(TestNets.softTargets(12, M, N), null);
    }

    private static DMatrixRMaj binary() {
        DMatrixRMaj y = CommonOps_DDRM.transpose(TestNets.unitTargets(13, M, N), null);
        for (int i = 0; i < y.getNumElements(); i++) {
            y.data[i] = y.data[i] < 0.4 ? 1.0 : 0.0;
        }
        return y;
    }

    private static DMatrixRMaj unit() {
        return CommonOps_DDRM.transpose(TestNets.unitTargets(14, M, N), null);
    }

    private static final double[] W = {1.0, 2.5, 0.5, 4.0};
    private static final double[] P = {3.0, 0.5, 1.5, 0.0};

    /** A configured loss, its output activation, targets, and sample weights (or null). */
    static Stream<Arguments> cases() {
        SoftmaxCrossEntropy ce = Losses.softmaxCrossEntropy();
        BinaryCrossEntropy bce = Losses.binaryCrossEntropy();
        Activation softmax = Activations.softmax();
        Activation sigmoid = Activations.sigmoid();
        return Stream.of(
                Arguments.of(ce.withClassWeights(W), softmax, oneHot(), null),
                Arguments.of(ce.withLabelSmoothing(0.2), softmax, oneHot(), null),
                Arguments.of(ce.withLabelSmoothing(0.3), softmax, soft(), null),
                Arguments.of(ce.withClassWeights(W).withLabelSmoothing(0.15), softmax, oneHot(), null),
                Arguments.of(ce.withClassWeights(W).withLabelSmoothing(0.15), softmax, oneHot(), sampleWeights()),
                Arguments.of(ce, softmax, soft(), sampleWeights()),
                Arguments.of(ce.withLabelSmoothing(0.1), softmax, soft(), sampleWeights()),
                Arguments.of(bce.withPosWeight(P), sigmoid, binary(), null),
                Arguments.of(bce.withPosWeight(P), sigmoid, unit(), sampleWeights()),
                Arguments.of(bce.withPosWeight(P), softmax, unit(), null),
                Arguments.of(bce.withPosWeight(P), softmax, binary(), sampleWeights()),
                Arguments.of(bce, sigmoid, unit(), sampleWeights()),
                Arguments.of(bce, softmax, unit(), sampleWeights()),
                Arguments.of(Losses.halfSse(), Activations.tanh(), unit(), sampleWeights()),
                Arguments.of(Losses.mse(), Activations.identity(), unit(), sampleWeights()),
                Arguments.of(Losses.huber(0.3), Activations.identity(), unit(), sampleWeights()));
    }

    private static DMatrixRMaj potentials() {
        return TestNets.uniform(new SplittableRandom(42), N, M, -2, 2);
    }

    private static DMatrixRMaj apply(Activation f, DMatrixRMaj z) {
        DMatrixRMaj a = new DMatrixRMaj(z.numRows, z.numCols);
        f.forward(z, a);
        return a;
    }

    /**
     * The batch cost from the outputs {@code a}, as PyTorch defines it: for cross-entropy with
     * one-hot rows {@code sum_i s_i [(1-eps) w_{y_i} (-log a_{y_i}) + eps/n sum_k w_k (-log a_k)] /
     * sum_i s_i w_{y_i}}, with soft rows (no class weights) {@code -sum_k ((1-eps) y_k + eps/n) log a_k};
     * for binary cross-entropy {@code -(1/n) sum_k [p_k y_k log a_k + (1 - y_k) log(1 - a_k)]}; the
     * squared-error losses as in math.md; every one a weighted mean over samples.
     */
    private static double reference(Loss loss, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj s) {
        int n = a.numRows;
        int m = a.numCols;
        double num = 0;
        double den = 0;
        for (int i = 0; i < m; i++) {
            double si = s == null ? 1.0 : s.data[i];
            double c = 0;
            double rho = 1;
            if (loss instanceof SoftmaxCrossEntropy ce) {
                double[] w = ce.classWeights();
                double eps = ce.labelSmoothing();
                int cls = classOf(y, i);
                if (cls >= 0) {
                    double wc = w == null ? 1 : w[cls];
                    double smooth = 0;
                    for (int k = 0; k < n; k++) {
                        smooth += (w == null ? 1 : w[k]) * -Math.log(a.get(k, i));
                    }
                    c = (1 - eps) * wc * -Math.log(a.get(cls, i)) + eps / n * smooth;
                    rho = wc;
                } else {
                    for (int k = 0; k < n; k++) {
                        c -= ((1 - eps) * y.get(k, i) + eps / n) * Math.log(a.get(k, i));
                    }
                }
            } else if (loss instanceof BinaryCrossEntropy bce) {
                double[] p = bce.posWeight();
                for (int k = 0; k < n; k++) {
                    double ak = a.get(k, i);
                    double yk = y.get(k, i);
                    c -= ((p == null ? 1 : p[k]) * yk * Math.log(ak) + (1 - yk) * Math.log(1 - ak)) / n;
                }
            } else {
                for (int k = 0; k < n; k++) {
                    double r = a.get(k, i) - y.get(k, i);
                    double ar = Math.abs(r);
                    c += switch (loss.name()) {
                        case "half_sse" -> 0.5 * r * r;
                        case "mse" -> r * r / n;
                        case "huber" -> (ar <= 0.3 ? 0.5 * r * r : 0.3 * (ar - 0.15)) / n;
                        default -> throw new AssertionError(loss.name());
                    };
                }
            }
            num += si * c;
            den += si * rho;
        }
        return num / den;
    }

    /** The unit holding the 1 of a one-hot column, or -1 for a soft one. */
    private static int classOf(DMatrixRMaj y, int i) {
        int cls = -1;
        for (int k = 0; k < y.numRows; k++) {
            double v = y.get(k, i);
            if (v == 1.0 && cls < 0) {
                cls = k;
            } else if (v != 0.0) {
                return -1;
            }
        }
        return cls;
    }

    @ParameterizedTest(name = "{0} after {1}, weighted {3}")
    @MethodSource("cases")
    void costMatchesThePyTorchDefinition(Loss loss, Activation f, DMatrixRMaj y, DMatrixRMaj s) {
        DMatrixRMaj z = potentials();
        DMatrixRMaj a = apply(f, z);
        double expected = reference(loss, a, y, s);
        assertEquals(expected, loss.cost(f, z, a, y, s), 1e-13 * Math.max(1, Math.abs(expected)), loss.toString());
        if (s == null) {
            assertEquals(expected, loss.cost(f, z, a, y), 1e-13 * Math.max(1, Math.abs(expected)), loss.toString());
        }
    }

    @ParameterizedTest(name = "{0} after {1}, weighted {3}")
    @MethodSource("cases")
    void outputDeltaEqualsDifferencesOfTheCost(Loss loss, Activation f, DMatrixRMaj y, DMatrixRMaj s) {
        DMatrixRMaj z = potentials();
        DMatrixRMaj delta = new DMatrixRMaj(N, M);
        if (s == null) {
            loss.outputDelta(f, z, apply(f, z), y, delta);
        } else {
            loss.outputDelta(f, z, apply(f, z), y, s, delta);
        }
        double h = 1e-6;
        for (int k = 0; k < z.getNumElements(); k++) {
            DMatrixRMaj up = z.copy();
            DMatrixRMaj down = z.copy();
            up.data[k] += h;
            down.data[k] -= h;
            double fd = (loss.cost(f, up, apply(f, up), y, s) - loss.cost(f, down, apply(f, down), y, s))
                    / (up.data[k] - down.data[k]);
            assertEquals(fd, delta.data[k], 1e-9, loss + " element " + k);
        }
    }

    @ParameterizedTest(name = "{0} after {1}, weighted {3}")
    @MethodSource("cases")
    void gradientIsThePerSampleTermsGradient(Loss loss, Activation f, DMatrixRMaj y, DMatrixRMaj s) {
        DMatrixRMaj a = apply(Activations.sigmoid(), potentials()); // in (0, 1): valid for every loss
        DMatrixRMaj g = new DMatrixRMaj(N, M);
        loss.gradient(a, y, g);
        double norm = loss.normaliser(y, s);
        double h = 1e-6;
        for (int k = 0; k < a.getNumElements(); k++) {
            DMatrixRMaj up = a.copy();
            DMatrixRMaj down = a.copy();
            up.data[k] += h;
            down.data[k] -= h;
            // C = sum_i s_i l_i / N, so dC/da_ki = s_i (grad_a l_i)_k / N
            double fd = (reference(loss, up, y, s) - reference(loss, down, y, s)) / (up.data[k] - down.data[k]);
            double si = s == null ? 1.0 : s.data[k % M];
            assertEquals(fd, si * g.data[k] / norm, 1e-8, loss + " element " + k);
        }
    }

    @ParameterizedTest(name = "{0} after {1}, weighted {3}")
    @MethodSource("cases")
    void hessianTimesMatchesDifferencesOfTheGradient(Loss loss, Activation f, DMatrixRMaj y, DMatrixRMaj s) {
        DMatrixRMaj a = apply(Activations.sigmoid(), potentials());
        DMatrixRMaj v = TestNets.uniform(new SplittableRandom(7), N, M, -1, 1);
        LossTest.assertHessianMatchesGradientDifferences(loss, a, y, v);
    }

    @ParameterizedTest(name = "{0} after {1}, weighted {3}")
    @MethodSource("cases")
    void directionalOutputSignalMatchesDifferencesOfTheSignal(Loss loss, Activation f, DMatrixRMaj y,
                                                               DMatrixRMaj s) {
        DMatrixRMaj z = potentials();
        DMatrixRMaj rz = TestNets.uniform(new SplittableRandom(8), N, M, -1, 1);
        DMatrixRMaj out = new DMatrixRMaj(N, M);
        loss.outputDeltaDirectional(f, z, apply(f, z), y, rz, false, out);
        double e = 1e-6;
        DMatrixRMaj up = z.copy();
        DMatrixRMaj down = z.copy();
        CommonOps_DDRM.addEquals(up, e, rz);
        CommonOps_DDRM.addEquals(down, -e, rz);
        DMatrixRMaj du = new DMatrixRMaj(N, M);
        DMatrixRMaj dd = new DMatrixRMaj(N, M);
        loss.outputDelta(f, up, apply(f, up), y, du);
        loss.outputDelta(f, down, apply(f, down), y, dd);
        for (int k = 0; k < N * M; k++) {
            double fd = (du.data[k] - dd.data[k]) / (2 * e);
            assertEquals(fd, out.data[k], 1e-8 * Math.max(1, Math.abs(fd)), loss + " element " + k);
        }
    }

    @ParameterizedTest(name = "{0} after {1}, weighted {3}")
    @MethodSource("cases")
    void fusedSignalEqualsTheUnfusedChainRule(Loss loss, Activation f, DMatrixRMaj y, DMatrixRMaj s) {
        DMatrixRMaj z = potentials();
        DMatrixRMaj a = apply(f, z);
        DMatrixRMaj fused = new DMatrixRMaj(N, M);
        loss.outputDelta(f, z, a, y, s, fused);
        DMatrixRMaj generic = new DMatrixRMaj(N, M);
        loss.gradient(a, y, generic);
        f.applyJacobianTranspose(z, a, generic);
        double norm = loss.normaliser(y, s);
        for (int k = 0; k < generic.getNumElements(); k++) {
            double si = s == null ? 1.0 : s.data[k % M];
            assertEquals(generic.data[k] * si / norm, fused.data[k], 1e-14, loss + " element " + k);
        }
    }

    @Test
    void classWeightsOfOneAndNoSmoothingGiveThePlainLossBitForBit() {
        DMatrixRMaj z = potentials();
        DMatrixRMaj y = oneHot();
        Activation f = Activations.softmax();
        DMatrixRMaj a = apply(f, z);
        SoftmaxCrossEntropy plain = Losses.softmaxCrossEntropy();
        Loss ones = plain.withClassWeights(1, 1, 1, 1).withLabelSmoothing(0.0);
        assertEquals(plain.cost(f, z, a, y), ones.cost(f, z, a, y), 0.0);
        DMatrixRMaj d1 = new DMatrixRMaj(N, M);
        DMatrixRMaj d2 = new DMatrixRMaj(N, M);
        plain.outputDelta(f, z, a, y, d1);
        ones.outputDelta(f, z, a, y, d2);
        assertArrayEquals(d1.data, d2.data, 0.0);
        BinaryCrossEntropy bce = Losses.binaryCrossEntropy();
        Activation sigmoid = Activations.sigmoid();
        DMatrixRMaj as = apply(sigmoid, z);
        DMatrixRMaj yb = unit();
        assertEquals(bce.cost(sigmoid, z, as, yb), bce.withPosWeight(1, 1, 1, 1).cost(sigmoid, z, as, yb),
                1e-15); // the pos_weight form sums softplus(-z) and softplus(z) instead of softplus(z) - y z
        bce.outputDelta(sigmoid, z, as, yb, d1);
        bce.withPosWeight(1, 1, 1, 1).outputDelta(sigmoid, z, as, yb, d2);
        assertArrayEquals(d1.data, d2.data, 0.0);
    }

    @Test
    void sampleWeightsOfOneGiveTheUnweightedNumbersBitForBit() {
        DMatrixRMaj ones = new DMatrixRMaj(1, M);
        CommonOps_DDRM.fill(ones, 1.0);
        cases().forEach(c -> {
            Loss loss = (Loss) c.get()[0];
            Activation f = (Activation) c.get()[1];
            DMatrixRMaj y = (DMatrixRMaj) c.get()[2];
            DMatrixRMaj z = potentials();
            DMatrixRMaj a = apply(f, z);
            assertEquals(loss.cost(f, z, a, y), loss.cost(f, z, a, y, ones), 0.0, loss.toString());
            DMatrixRMaj d1 = new DMatrixRMaj(N, M);
            DMatrixRMaj d2 = new DMatrixRMaj(N, M);
            loss.outputDelta(f, z, a, y, d1);
            loss.outputDelta(f, z, a, y, ones, d2);
            assertArrayEquals(d1.data, d2.data, 0.0, loss.toString());
        });
    }

    @Test
    void aLossOfYourOwnGetsSampleWeightsFromItsUnweightedCost() {
        Loss absolute = new Loss() { // c = sum_k |a_k - y_k|, only the required methods
            @Override
            public String name() {
                return "absolute";
            }

            @Override
            public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y) {
                double sum = 0;
                for (int i = 0; i < a.getNumElements(); i++) {
                    sum += Math.abs(a.data[i] - y.data[i]);
                }
                return sum / a.numCols;
            }

            @Override
            public void gradient(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj g) {
                for (int i = 0; i < a.getNumElements(); i++) {
                    g.data[i] = Math.signum(a.data[i] - y.data[i]);
                }
            }
        };
        DMatrixRMaj a = potentials();
        DMatrixRMaj y = unit();
        DMatrixRMaj s = sampleWeights();
        double num = 0;
        for (int i = 0; i < M; i++) {
            for (int k = 0; k < N; k++) {
                num += s.data[i] * Math.abs(a.get(k, i) - y.get(k, i));
            }
        }
        assertEquals(num / LossChecks.sum(s), absolute.cost(Activations.identity(), a, a, y, s), 1e-14);
        DMatrixRMaj delta = new DMatrixRMaj(N, M);
        absolute.outputDelta(Activations.identity(), a, a, y, s, delta);
        for (int k = 0; k < delta.getNumElements(); k++) {
            assertEquals(s.data[k % M] * Math.signum(a.data[k] - y.data[k]) / LossChecks.sum(s), delta.data[k],
                    1e-15);
        }
    }

    @Test
    void aBatchWhoseWeightsAreAllZeroContributesNothing() {
        DMatrixRMaj z = potentials();
        Activation f = Activations.softmax();
        DMatrixRMaj a = apply(f, z);
        DMatrixRMaj y = new DMatrixRMaj(N, M);
        for (int i = 0; i < M; i++) {
            y.set(3, i, 1.0); // every sample in class 3
        }
        Loss ce = Losses.softmaxCrossEntropy().withClassWeights(1, 1, 1, 0);
        assertEquals(0.0, ce.normaliser(y, null));
        assertEquals(0.0, ce.cost(f, z, a, y), 0.0);
        DMatrixRMaj delta = new DMatrixRMaj(N, M);
        CommonOps_DDRM.fill(delta, 7.0);
        ce.outputDelta(f, z, a, y, delta);
        assertArrayEquals(new double[N * M], delta.data, 0.0);
        DMatrixRMaj zeros = new DMatrixRMaj(1, M);
        for (Loss loss : new Loss[] {Losses.mse(), Losses.softmaxCrossEntropy(), Losses.huber()}) {
            assertEquals(0.0, loss.cost(f, z, a, y, zeros), 0.0, loss.toString());
            CommonOps_DDRM.fill(delta, 7.0);
            loss.outputDelta(f, z, a, y, zeros, delta);
            assertArrayEquals(new double[N * M], delta.data, 0.0, loss.toString());
        }
    }

    @Test
    void optionsAreValidatedAndNamed() {
        SoftmaxCrossEntropy ce = Losses.softmaxCrossEntropy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ce.withClassWeights(1, -2));
        assertEquals("softmax_cross_entropy class weight 1 is -2.0 but must be finite and >= 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ce.withClassWeights(1, Double.NaN));
        assertEquals("softmax_cross_entropy class weight 1 is NaN but must be finite and >= 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ce.withClassWeights(0, 0, 0));
        assertEquals("softmax_cross_entropy class weights must not all be 0 but are [0.0, 0.0, 0.0]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ce.withClassWeights());
        assertEquals("softmax_cross_entropy class weight must hold one weight per output unit but is empty",
                e.getMessage());
        for (double eps : new double[] {-0.1, 1.0, Double.NaN}) {
            e = assertThrows(IllegalArgumentException.class, () -> ce.withLabelSmoothing(eps));
            assertEquals("softmax_cross_entropy label smoothing must be in [0, 1) but was " + eps, e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.binaryCrossEntropy().withPosWeight(1, Double.POSITIVE_INFINITY));
        assertEquals("binary_cross_entropy pos_weight 1 is Infinity but must be finite and >= 0", e.getMessage());
    }

    @Test
    void weightsMustMatchTheOutputWidth() {
        DMatrixRMaj y = oneHot(); // n_L = 4
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy().withClassWeights(1, 2, 3).checkTargets(y));
        assertEquals("softmax_cross_entropy: there are 3 class weights but the targets y are 4x6 (n_L x m), so"
                + " n_L = 4 weights are needed", e.getMessage());
        DMatrixRMaj z = potentials();
        assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy().withClassWeights(1, 2, 3)
                .cost(Activations.softmax(), z, z, y));
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.binaryCrossEntropy().withPosWeight(1, 2).checkTargets(unit()));
        assertEquals("binary_cross_entropy: there are 2 pos_weight values but the targets y are 4x6 (n_L x m), so"
                + " n_L = 4 weights are needed", e.getMessage());
        DMatrixRMaj delta = new DMatrixRMaj(N, M);
        assertThrows(IllegalArgumentException.class, () -> Losses.binaryCrossEntropy().withPosWeight(1, 2)
                .outputDelta(Activations.sigmoid(), z, z, unit(), delta));
    }

    @Test
    void classWeightsNeedOneHotTargetsNamingTheSample() {
        DMatrixRMaj y = oneHot();
        y.set(0, 2, 0.5);
        y.set(1, 2, 0.5);
        y.set(2, 2, 0.0);
        y.set(3, 2, 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy().withClassWeights(W).checkTargets(y));
        assertEquals("softmax_cross_entropy: class weights need one-hot targets (one 1, the rest 0), but the"
                + " targets of sample 2 are [0.5, 0.5, 0.0, 0.0]", e.getMessage());
        Losses.softmaxCrossEntropy().withLabelSmoothing(0.1).checkTargets(y); // smoothing alone takes soft rows
    }

    @Test
    void sampleWeightsOfTheWrongShapeOrSignAreNamed() {
        DMatrixRMaj z = potentials();
        DMatrixRMaj y = unit();
        Loss mse = Losses.mse();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mse.cost(Activations.identity(), z, z, y, new DMatrixRMaj(M, 1)));
        assertEquals("mse: the sample weights s is 6x1 but the batch is 4x6 (one weight per sample (column): s must"
                + " be 1x6)", e.getMessage());
        DMatrixRMaj negative = sampleWeights();
        negative.data[4] = -1;
        e = assertThrows(IllegalArgumentException.class,
                () -> mse.cost(Activations.identity(), z, z, y, negative));
        assertEquals("mse: the weight of sample 4 is -1.0 but must be finite and >= 0", e.getMessage());
        DMatrixRMaj delta = new DMatrixRMaj(N, M);
        double[] before = delta.data.clone();
        for (Loss loss : new Loss[] {mse, Losses.softmaxCrossEntropy().withLabelSmoothing(0.1),
                Losses.binaryCrossEntropy().withPosWeight(P)}) {
            Activation f = loss instanceof SoftmaxCrossEntropy ? Activations.softmax() : Activations.sigmoid();
            DMatrixRMaj yy = loss instanceof SoftmaxCrossEntropy ? soft() : y;
            e = assertThrows(IllegalArgumentException.class,
                    () -> loss.outputDelta(f, z, apply(f, z), yy, negative, delta));
            assertTrue(e.getMessage().contains("sample 4 is -1.0"), e.getMessage());
            assertArrayEquals(before, delta.data, 0.0, loss + " wrote Delta^L before failing");
        }
    }

    @Test
    void optionsShowInToStringEqualityAndCopies() {
        SoftmaxCrossEntropy ce = Losses.softmaxCrossEntropy().withClassWeights(1, 2).withLabelSmoothing(0.1);
        assertEquals("softmax_cross_entropy(class_weights=[1.0, 2.0], label_smoothing=0.1)", ce.toString());
        assertEquals("softmax_cross_entropy", ce.name());
        assertEquals("softmax_cross_entropy(label_smoothing=0.25)",
                Losses.softmaxCrossEntropy().withLabelSmoothing(0.25).toString());
        assertEquals("softmax_cross_entropy", Losses.softmaxCrossEntropy().toString());
        assertEquals("binary_cross_entropy(pos_weight=[3.0, 0.5])",
                Losses.binaryCrossEntropy().withPosWeight(3, 0.5).toString());
        assertEquals(ce, Losses.softmaxCrossEntropy().withLabelSmoothing(0.1).withClassWeights(1, 2));
        assertEquals(ce.hashCode(), Losses.softmaxCrossEntropy().withLabelSmoothing(0.1).withClassWeights(1, 2)
                .hashCode());
        assertNotEquals(ce, ce.withClassWeights(1, 3));
        assertEquals(Losses.softmaxCrossEntropy(), ce.withClassWeights((double[]) null).withLabelSmoothing(0));
        double[] w = {1, 2};
        SoftmaxCrossEntropy kept = Losses.softmaxCrossEntropy().withClassWeights(w);
        w[0] = 100;
        kept.classWeights()[1] = 100;
        assertArrayEquals(new double[] {1, 2}, kept.classWeights(), 0.0);
        assertNull(Losses.binaryCrossEntropy().posWeight());
        assertEquals(Losses.binaryCrossEntropy().withPosWeight(2), Losses.binaryCrossEntropy().withPosWeight(2));
    }
}
