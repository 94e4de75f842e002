package io.github.matrixbackprop.backprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.activation.ElementwiseActivation;
import io.github.matrixbackprop.check.GradientCheck;
import io.github.matrixbackprop.check.GradientCheckReport;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * H v against central differences of the engine's gradient along v:
 * {@code (grad C(theta + e v) - grad C(theta - e v)) / 2e} with {@code e = 1e-5}: truncation
 * {@code e^2 |C''''|} and rounding {@code eps |grad| / e} are both about 1e-10, so the tolerance
 * is 1e-7 (relative error {@code |x - ref| / max(1, |ref|)}).
 */
class HessianVectorProductTest {

    static final double TOL = 1e-7;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Activations.tanh(), Activations.identity(), Losses.mse()),
                Arguments.of(Activations.sigmoid(), Activations.identity(), Losses.halfSse()),
                Arguments.of(Activations.gelu(), Activations.softmax(), Losses.softmaxCrossEntropy()),
                Arguments.of(Activations.silu(), Activations.sigmoid(), Losses.binaryCrossEntropy()),
                Arguments.of(Activations.elu(), Activations.softmax(), Losses.binaryCrossEntropy()),
                Arguments.of(Activations.softplus(), Activations.tanh(), Losses.huber(0.3)),
                Arguments.of(Activations.softmax(), Activations.softmax(), Losses.mse()),
                Arguments.of(Activations.leakyRelu(0.1), Activations.sigmoid(), Losses.mse()));
    }

    private static DMatrixRMaj targets(Loss loss, long seed, int m, int n) {
        return switch (loss.name()) {
            case "softmax_cross_entropy" -> TestNets.softTargets(seed, m, n);
            case "binary_cross_entropy" -> TestNets.unitTargets(seed, m, n);
            default -> TestNets.inputs(seed, m, n);
        };
    }

    static Gradients randomDirection(Network net, long seed) {
        Gradients v = Gradients.zerosLike(net);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int l = 1; l <= v.depth(); l++) {
            for (DMatrixRMaj t : new DMatrixRMaj[] {v.weights(l), v.bias(l)}) {
                for (int i = 0; i < t.getNumElements(); i++) {
                    t.data[i] = rnd.nextDouble() * 2 - 1;
                }
            }
        }
        return v;
    }

    private static Network shifted(Network net, Gradients v, double e) {
        Network n = net.copy();
        for (int l = 1; l <= n.depth(); l++) {
            CommonOps_DDRM.addEquals(n.layer(l).weights(), e, v.weights(l));
            CommonOps_DDRM.addEquals(n.layer(l).bias(), e, v.bias(l));
        }
        return n;
    }

    static Gradients finiteDifference(Network net, Loss loss, DMatrixRMaj x, DMatrixRMaj y, Gradients v) {
        double e = 1e-5;
        Backprop up = new Backprop(shifted(net, v, e), loss);
        Backprop down = new Backprop(shifted(net, v, -e), loss);
        up.compute(x, y);
        down.compute(x, y);
        Gradients d = up.gradients().copy();
        for (int l = 1; l <= d.depth(); l++) {
            CommonOps_DDRM.subtractEquals(d.weights(l), down.gradients().weights(l));
            CommonOps_DDRM.subtractEquals(d.bias(l), down.gradients().bias(l));
            CommonOps_DDRM.scale(1 / (2 * e), d.weights(l));
            CommonOps_DDRM.scale(1 / (2 * e), d.bias(l));
        }
        return d;
    }

    @ParameterizedTest(name = "{0} hidden, {1} output, {2}")
    @MethodSource("cases")
    void hessianTimesVectorMatchesDifferencesOfGradients(Activation hidden, Activation out, Loss loss) {
        Network net = TestNets.random(7, new int[] {4, 6, 5, 3}, hidden, Activations.tanh(), out);
        DMatrixRMaj x = TestNets.inputs(8, 7, 4);
        DMatrixRMaj y = targets(loss, 9, 7, 3);
        Gradients v = randomDirection(net, 10);
        Gradients hv = Gradients.zerosLike(net);
        new HessianVectorProduct(new Backprop(net, loss)).hessianTimes(x, y, v, hv);
        GradientCheckReport r = GradientCheck.compare(hv, finiteDifference(net, loss, x, y, v), "differences", 0);
        assertTrue(r.passes(TOL), r::toString);
    }

    static Stream<Arguments> lossOptions() {
        return Stream.of(
                Arguments.of(Activations.softmax(), Losses.softmaxCrossEntropy().withClassWeights(0.5, 2, 1.5)
                        .withLabelSmoothing(0.2), TestNets.oneHot(9, 7, 3)),
                Arguments.of(Activations.softmax(), Losses.softmaxCrossEntropy().withLabelSmoothing(0.3),
                        TestNets.softTargets(9, 7, 3)),
                Arguments.of(Activations.sigmoid(), Losses.binaryCrossEntropy().withPosWeight(3, 0.5, 0),
                        TestNets.unitTargets(9, 7, 3)),
                Arguments.of(Activations.softmax(), Losses.binaryCrossEntropy().withPosWeight(3, 0.5, 0),
                        TestNets.unitTargets(9, 7, 3)));
    }

    @ParameterizedTest(name = "{1} after {0}")
    @MethodSource("lossOptions")
    void hessianTimesVectorOfTheLossOptionsMatchesDifferencesOfGradients(Activation out, Loss loss,
                                                                          DMatrixRMaj y) {
        Network net = TestNets.random(7, new int[] {4, 6, 3}, Activations.tanh(), out);
        DMatrixRMaj x = TestNets.inputs(8, 7, 4);
        Gradients v = randomDirection(net, 10);
        Gradients hv = Gradients.zerosLike(net);
        new HessianVectorProduct(new Backprop(net, loss)).hessianTimes(x, y, v, hv);
        GradientCheckReport r = GradientCheck.compare(hv, finiteDifference(net, loss, x, y, v), "differences", 0);
        assertTrue(r.passes(TOL), r::toString);
    }

    @Test
    void matchesTheFullHessianOfATinyNetworkAndIsSymmetric() {
        Network net = TestNets.random(11, new int[] {2, 3, 2}, Activations.tanh(), Activations.softmax());
        Loss loss = Losses.softmaxCrossEntropy();
        DMatrixRMaj x = TestNets.inputs(12, 5, 2);
        DMatrixRMaj y = TestNets.oneHot(13, 5, 2);
        int p = net.parameterCount();
        // column j of H by differences of gradients along the unit vector e_j
        DMatrixRMaj h = new DMatrixRMaj(p, p);
        for (int j = 0; j < p; j++) {
            Gradients e = unit(net, j);
            double[] col = flatten(finiteDifference(net, loss, x, y, e));
            for (int i = 0; i < p; i++) {
                h.set(i, j, col[i]);
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(h.get(i, j), h.get(j, i), 1e-7, "symmetry " + i + "," + j);
            }
        }
        HessianVectorProduct hvp = new HessianVectorProduct(new Backprop(net, loss));
        for (long seed = 0; seed < 3; seed++) {
            Gradients v = randomDirection(net, seed);
            Gradients hv = Gradients.zerosLike(net);
            hvp.hessianTimes(x, y, v, hv);
            DMatrixRMaj expected = new DMatrixRMaj(p, 1);
            CommonOps_DDRM.mult(h, new DMatrixRMaj(p, 1, true, flatten(v)), expected);
            double[] got = flatten(hv);
            for (int i = 0; i < p; i++) {
                assertEquals(expected.get(i), got[i], 1e-7, "element " + i);
            }
        }
    }

    @Test
    void gaussNewtonEqualsTheHessianWhereResidualsVanishAndIsSymmetricPositiveSemiDefinite() {
        Network net = TestNets.random(14, new int[] {3, 5, 2}, Activations.identity(), Activations.identity());
        DMatrixRMaj x = TestNets.inputs(15, 6, 3);
        DMatrixRMaj y = net.predict(x); // zero residuals: every second-order term vanishes
        HessianVectorProduct hvp = new HessianVectorProduct(new Backprop(net, Losses.mse()));
        Gradients v = randomDirection(net, 16);
        Gradients hv = Gradients.zerosLike(net);
        Gradients gv = Gradients.zerosLike(net);
        hvp.hessianTimes(x, y, v, hv);
        hvp.gaussNewtonTimes(x, y, v, gv);
        assertTrue(GradientCheck.compare(gv, hv, "H v", 0).passes(1e-13));

        Network deep = TestNets.random(17, new int[] {3, 6, 4, 3}, Activations.gelu(), Activations.tanh(),
                Activations.softmax());
        DMatrixRMaj x2 = TestNets.inputs(18, 8, 3);
        DMatrixRMaj y2 = TestNets.oneHot(19, 8, 3);
        HessianVectorProduct g = new HessianVectorProduct(new Backprop(deep, Losses.softmaxCrossEntropy()));
        Gradients u = randomDirection(deep, 20);
        Gradients w = randomDirection(deep, 21);
        Gradients gu = Gradients.zerosLike(deep);
        Gradients gw = Gradients.zerosLike(deep);
        g.gaussNewtonTimes(x2, y2, u, gu);
        g.gaussNewtonTimes(x2, y2, w, gw);
        assertEquals(dot(w, gu), dot(u, gw), 1e-12 * Math.max(1, Math.abs(dot(w, gu))));
        for (long seed = 30; seed < 40; seed++) {
            Gradients d = randomDirection(deep, seed);
            Gradients gd = Gradients.zerosLike(deep);
            g.gaussNewtonTimes(x2, y2, d, gd);
            assertTrue(dot(d, gd) >= -1e-14, "v^T G v = " + dot(d, gd));
        }
    }

    /** A user activation without second derivatives. */
    record Cube() implements ElementwiseActivation {
        @Override public String name() { return "cube"; }
        @Override public double value(double z) { return z * z * z; }
        @Override public double derivative(double z, double a) { return 3 * z * z; }
    }

    @Test
    void activationsWithoutSecondOrderProductsAreNamed() {
        Network net = Network.builder(2).dense(3, new Cube()).dense(1, Activations.identity()).seed(1).build();
        HessianVectorProduct hvp = new HessianVectorProduct(new Backprop(net, Losses.mse()));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> hvp.hessianTimes(TestNets.inputs(1, 3, 2), TestNets.inputs(2, 3, 1), randomDirection(net, 1),
                        Gradients.zerosLike(net)));
        assertTrue(e.getMessage().contains("cube"), e.getMessage());
        Gradients v = randomDirection(net, 1);
        assertThrows(IllegalArgumentException.class, () -> hvp.gaussNewtonTimes(TestNets.inputs(1, 3, 2),
                TestNets.inputs(2, 3, 1), v, v));
    }

    private static Gradients unit(Network net, int j) {
        Gradients e = Gradients.zerosLike(net);
        int k = j;
        for (int l = 1; l <= e.depth(); l++) {
            for (DMatrixRMaj t : new DMatrixRMaj[] {e.weights(l), e.bias(l)}) {
                if (k < t.getNumElements()) {
                    t.data[k] = 1;
                    return e;
                }
                k -= t.getNumElements();
            }
        }
        throw new AssertionError(j);
    }

    static double[] flatten(Gradients g) {
        int n = 0;
        for (int l = 1; l <= g.depth(); l++) {
            n += g.weights(l).getNumElements() + g.bias(l).getNumElements();
        }
        double[] out = new double[n];
        int k = 0;
        for (int l = 1; l <= g.depth(); l++) {
            for (DMatrixRMaj t : new DMatrixRMaj[] {g.weights(l), g.bias(l)}) {
                System.arraycopy(t.data, 0, out, k, t.getNumElements());
                k += t.getNumElements();
            }
        }
        return out;
    }

    static double dot(Gradients a, Gradients b) {
        double[] x = flatten(a);
        double[] y = flatten(b);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }
}
