package io.github.matrixbackprop.backprop;

import static io.github.matrixbackprop.backprop.BackpropTest.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine with dropout masks: its gradient against central differences of the cost with the
 * same masks held fixed, against the Jacobian chain of a network with the mask folded into the
 * next layer's weights, and the masks against their documented definition and statistics.
 */
class DropoutTest {

    /** SplitMix64's increment, as in the documented mask formula. */
    private static final long GAMMA = 0x9e3779b97f4a7c15L;

    record Case(String name, Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Activation[] hidden = {Activations.sigmoid(), Activations.tanh(), Activations.relu(), Activations.elu(),
            Activations.gelu(), Activations.softmax(), Activations.identity()};
        long seed = 300;
        for (Activation f : hidden) {
            for (Loss loss : new Loss[] {Losses.mse(), Losses.softmaxCrossEntropy(), Losses.binaryCrossEntropy()}) {
                for (int m : new int[] {1, 6}) {
                    seed++;
                    Activation out = switch (loss.name()) {
                        case "softmax_cross_entropy" -> Activations.softmax();
                        case "binary_cross_entropy" -> Activations.sigmoid();
                        default -> Activations.identity();
                    };
                    Network net = TestNets.withDropout(TestNets.random(seed, new int[] {4, 6, 5, 3}, f, f, out),
                            0.5, 0.3, 0.0);
                    DMatrixRMaj y = switch (loss.name()) {
                        case "softmax_cross_entropy" -> TestNets.softTargets(seed + 2, m, 3);
                        case "binary_cross_entropy" -> TestNets.unitTargets(seed + 2, m, 3);
                        default -> TestNets.inputs(seed + 2, m, 3);
                    };
                    cases.add(new Case(f.name() + " hidden, " + loss.name() + ", m=" + m, net, loss,
                            TestNets.inputs(seed + 1, m, 4), y));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void engineWithFixedMasksEqualsFiniteDifferencesWithTheSameMasks(Case c) {
        int m = c.x().numRows;
        DropoutMasks masks = DropoutMasks.draw(c.network(), m, 77);
        Backprop engine = new Backprop(c.network(), c.loss());
        Gradients mine = Gradients.zerosLike(c.network());
        double cost = engine.compute(c.x(), c.y(), mine, masks);
        assertEquals(FiniteDifferences.cost(c.network(), c.loss(), c.x(), c.y(), masks), cost,
                1e-14 * Math.max(1, cost));
        Gradients reference = FiniteDifferences.gradient(c.network(), c.loss(), c.x(), c.y(), masks);
        GradientCheckReport report = GradientCheck.compare(mine, reference, "finite differences with the masks", cost);
        assertTrue(report.passes(BackpropTest.FD_TOL), report::toString);
        // the masks matter: without them the gradient is another one
        engine.compute(c.x(), c.y());
        assertFalse(GradientCheck.compare(engine.gradients(), mine, "no dropout", cost).passes(1e-3), c.name());
    }

    /**
     * For one sample, {@code A^l = f(Z^l) ⊙ d^l} feeds {@code W^{l+1} A^l = (W^{l+1} diag(d^l)) f(Z^l)}: the
     * masked network equals a network without dropout whose next weights are {@code W^{l+1} diag(d^l)}. So the
     * masked cost is that network's cost, the bias gradients are equal, and by the chain rule
     * {@code grad_{W^{l+1}} = grad_{W'} ⊙ (1 d^T)}; the reference is the explicit Jacobian chain of that network.
     */
    @Test
    void oneSampleWithAMaskEqualsTheNetworkWithTheMaskFoldedIntoTheNextWeights() {
        for (long seed = 1; seed <= 5; seed++) {
            Network net = TestNets.withDropout(TestNets.random(seed, new int[] {3, 7, 6, 2}, Activations.tanh(),
                    Activations.sigmoid(), Activations.softmax()), 0.4, 0.5, 0.0);
            DMatrixRMaj x = TestNets.inputs(seed + 10, 1, 3);
            DMatrixRMaj y = TestNets.softTargets(seed + 20, 1, 2);
            Loss loss = Losses.softmaxCrossEntropy();
            DropoutMasks masks = DropoutMasks.draw(net, 1, seed);
            List<Layer> folded = new ArrayList<>();
            for (int l = 1; l <= 3; l++) {
                DMatrixRMaj w = net.layer(l).weights().copy();
                if (l > 1) {
                    DMatrixRMaj d = masks.mask(l - 1);
                    for (int r = 0; r < w.numRows; r++) {
                        for (int c = 0; c < w.numCols; c++) {
                            w.set(r, c, w.get(r, c) * d.get(c, 0));
                        }
                    }
                }
                folded.add(new Layer(w, net.layer(l).bias(), net.layer(l).activation()));
            }
            Network plain = new Network(folded);
            Backprop engine = new Backprop(net, loss);
            Gradients mine = Gradients.zerosLike(net);
            double cost = engine.compute(x, y, mine, masks);
            assertEquals(FiniteDifferences.cost(plain, loss, x, y), cost, 1e-14);
            Gradients chain = JacobianChain.gradient(plain, loss, x, y);
            for (int l = 1; l <= 3; l++) {
                DMatrixRMaj expected = chain.weights(l).copy();
                if (l > 1) {
                    DMatrixRMaj d = masks.mask(l - 1);
                    for (int r = 0; r < expected.numRows; r++) {
                        for (int c = 0; c < expected.numCols; c++) {
                            expected.set(r, c, expected.get(r, c) * d.get(c, 0));
                        }
                    }
                }
                assertTrue(MatrixFeatures_DDRM.isEquals(expected, mine.weights(l), 1e-12),
                        "grad W" + l + ", seed " + seed);
                assertTrue(MatrixFeatures_DDRM.isEquals(chain.bias(l), mine.bias(l), 1e-12), "grad b" + l);
            }
        }
    }

    @Test
    void masksAreTheDocumentedSplittableRandomDraws() {
        Network net = TestNets.withDropout(TestNets.random(1, new int[] {3, 9, 4, 2}, Activations.relu(),
                Activations.relu(), Activations.identity()), 0.25, 0.7, 0.0);
        for (long seed : new long[] {0, 42, -7, Long.MAX_VALUE}) {
            DropoutMasks masks = DropoutMasks.draw(net, 5, seed);
            for (int l = 1; l <= 2; l++) {
                double p = net.layer(l).dropout();
                DMatrixRMaj d = masks.mask(l);
                assertEquals(net.width(l), d.numRows);
                assertEquals(5, d.numCols);
                for (int i = 0; i < 5; i++) {
                    long key = new SplittableRandom(seed + GAMMA * ((long) l * (1L << 32) + i)).nextLong();
                    SplittableRandom units = new SplittableRandom(key);
                    for (int r = 0; r < net.width(l); r++) {
                        double expected = units.nextDouble() >= p ? 1 / (1 - p) : 0.0;
                        assertEquals(expected, d.get(r, i), 0.0, "layer " + l + ", unit " + r + ", sample " + i);
                    }
                }
            }
        }
    }

    @Test
    void masksAreReproducibleAndASamplesMaskDoesNotDependOnTheBatchSize() {
        Network net = TestNets.withDropout(TestNets.random(2, new int[] {3, 8, 8, 2}, Activations.tanh(),
                Activations.tanh(), Activations.identity()), 0.5, 0.5, 0.0);
        DropoutMasks a = DropoutMasks.draw(net, 9, 11);
        DropoutMasks b = new DropoutMasks(net);
        b.draw(5, 11);
        b.draw(9, 11);
        DropoutMasks small = DropoutMasks.draw(net, 5, 11);
        DropoutMasks other = DropoutMasks.draw(net, 9, 12);
        for (int l = 1; l <= 2; l++) {
            assertTrue(MatrixFeatures_DDRM.isIdentical(a.mask(l), b.mask(l), 0), "same seed, same masks");
            assertFalse(MatrixFeatures_DDRM.isIdentical(a.mask(l), other.mask(l), 0), "another seed, other masks");
            for (int r = 0; r < 8; r++) {
                for (int i = 0; i < 5; i++) {
                    assertEquals(a.mask(l).get(r, i), small.mask(l).get(r, i), 0.0);
                }
            }
        }
        assertFalse(MatrixFeatures_DDRM.isIdentical(a.mask(1), a.mask(2), 0), "layers get different masks");
        assertEquals(9, a.batchSize());
        assertEquals(0, new DropoutMasks(net).batchSize());
    }

    @Test
    void aFractionPOfUnitsIsDroppedAndTheMeanIsPreserved() {
        Network net = TestNets.withDropout(TestNets.random(3, new int[] {3, 400, 200, 2}, Activations.tanh(),
                Activations.tanh(), Activations.identity()), 0.3, 0.6, 0.0);
        int m = 500;
        DropoutMasks masks = DropoutMasks.draw(net, m, 2024);
        for (int l = 1; l <= 2; l++) {
            double p = net.layer(l).dropout();
            DMatrixRMaj d = masks.mask(l);
            int n = d.getNumElements();
            int zeros = 0;
            double sum = 0;
            for (int k = 0; k < n; k++) {
                zeros += d.data[k] == 0 ? 1 : 0;
                sum += d.data[k];
            }
            // binomial: sd of the fraction sqrt(p(1-p)/n) <= 0.0016; sd of the mean of D sqrt(p/((1-p) n)) <= 0.004
            assertEquals(p, zeros / (double) n, 0.01, "layer " + l + ": fraction of dropped units");
            assertEquals(1.0, sum / n, 0.025, "layer " + l + ": mean of M/(1-p)");
        }
        // E[A^1] = f(Z^1): a batch of one sample repeated m times; column mean of A^1 against f(z^1)
        DMatrixRMaj one = TestNets.inputs(5, 1, 3);
        DMatrixRMaj x = new DMatrixRMaj(2000, 3);
        for (int i = 0; i < x.numRows; i++) {
            for (int c = 0; c < 3; c++) {
                x.set(i, c, one.get(0, c));
            }
        }
        DMatrixRMaj y = new DMatrixRMaj(2000, 2);
        Backprop engine = new Backprop(net, Losses.mse());
        engine.compute(x, y, Gradients.zerosLike(net), DropoutMasks.draw(net, 2000, 99));
        DMatrixRMaj f = net.forward(one).a(1);
        double bound = 6 * Math.sqrt(0.3 / 0.7 / 2000);      // 6 standard deviations of a row mean of D
        int zeros = 0;
        for (int r = 0; r < 400; r++) {
            double mean = 0;
            for (int i = 0; i < 2000; i++) {
                double a = engine.activation(1).get(r, i);
                zeros += a == 0 ? 1 : 0;
                mean += a / 2000;
            }
            assertEquals(f.get(r, 0), mean, bound * Math.abs(f.get(r, 0)) + 1e-15, "unit " + r);
        }
        assertEquals(0.3, zeros / (400.0 * 2000), 0.01);
    }

    @Test
    void everyThreadCountGivesBitIdenticalResultsWithMasks() {
        Network net = TestNets.withDropout(TestNets.random(25, new int[] {50, 140, 70, 10}, Activations.relu(),
                Activations.tanh(), Activations.softmax()), 0.5, 0.2, 0.0);
        DMatrixRMaj x = TestNets.inputs(26, 200, 50);
        DMatrixRMaj y = TestNets.oneHot(27, 200, 10);
        Backprop one = new Backprop(net, Losses.softmaxCrossEntropy(), 1);
        double c1 = one.compute(x, y, one.gradients(), DropoutMasks.draw(net, 200, 5));
        for (int t = 2; t <= 3; t++) {
            Backprop many = new Backprop(net, Losses.softmaxCrossEntropy(), t);
            double ct = many.compute(x, y, many.gradients(), DropoutMasks.draw(net, 200, 5));
            assertEquals(Double.doubleToRawLongBits(c1), Double.doubleToRawLongBits(ct));
            assertBitIdentical(one.gradients(), many.gradients());
        }
    }

    @Test
    void withoutMasksTheEngineComputesTheNetworkWithoutDropout() {
        Network plain = TestNets.random(30, new int[] {4, 8, 6, 3}, Activations.gelu(), Activations.sigmoid(),
                Activations.softmax());
        Network dropping = TestNets.withDropout(plain, 0.5, 0.5, 0.0);
        DMatrixRMaj x = TestNets.inputs(31, 7, 4);
        DMatrixRMaj y = TestNets.oneHot(32, 7, 3);
        Loss loss = Losses.softmaxCrossEntropy();
        Backprop a = new Backprop(plain, loss);
        Backprop b = new Backprop(dropping, loss);
        assertEquals(Double.doubleToRawLongBits(a.compute(x, y)), Double.doubleToRawLongBits(b.compute(x, y)));
        assertBitIdentical(a.gradients(), b.gradients());
        assertEquals(a.cost(x, y), b.cost(x, y), 0.0);
        // after a step with masks, the next call without them drops nothing
        b.compute(x, y, Gradients.zerosLike(dropping), DropoutMasks.draw(dropping, 7, 1));
        b.compute(x, y);
        assertBitIdentical(a.gradients(), b.gradients());
        PerSampleGradients pa = new PerSampleGradients(a);
        PerSampleGradients pb = new PerSampleGradients(b);
        pa.compute(x, y);
        pb.compute(x, y);
        double[] na = new double[7];
        double[] nb = new double[7];
        pa.norms(na);
        pb.norms(nb);
        assertEquals(java.util.Arrays.toString(na), java.util.Arrays.toString(nb));
        Gradients v = Gradients.zerosLike(plain);
        v.weights(2).set(1, 1, 1.0);
        Gradients ha = Gradients.zerosLike(plain);
        Gradients hb = Gradients.zerosLike(plain);
        new HessianVectorProduct(a).hessianTimes(x, y, v, ha);
        new HessianVectorProduct(b).hessianTimes(x, y, v, hb);
        assertBitIdentical(ha, hb);
    }

    @Test
    void masksOfANetworkWithoutDropoutChangeNothing() {
        Network plain = TestNets.random(33, new int[] {4, 8, 3}, Activations.relu(), Activations.identity());
        DMatrixRMaj x = TestNets.inputs(34, 6, 4);
        DMatrixRMaj y = TestNets.inputs(35, 6, 3);
        Backprop a = new Backprop(plain, Losses.mse());
        Backprop b = new Backprop(plain, Losses.mse());
        double ca = a.compute(x, y);
        double cb = b.compute(x, y, b.gradients(), DropoutMasks.draw(plain, 6, 3));
        assertEquals(Double.doubleToRawLongBits(ca), Double.doubleToRawLongBits(cb));
        assertBitIdentical(a.gradients(), b.gradients());
    }

    @Test
    void masksThatDoNotFitAreRejectedNamingBothAndNothingIsWritten() {
        Network net = TestNets.withDropout(TestNets.random(36, new int[] {3, 5, 2}, Activations.tanh(),
                Activations.identity()), 0.5, 0.0);
        Backprop engine = new Backprop(net, Losses.mse());
        DMatrixRMaj x = TestNets.inputs(37, 4, 3);
        DMatrixRMaj y = TestNets.inputs(38, 4, 2);
        Gradients out = Gradients.zerosLike(net);
        out.weights(1).fill(7.0);
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> engine.compute(x, y, out, DropoutMasks.draw(net, 5, 1)));
        assertEquals("the dropout masks were drawn for a batch of 5 samples but the batch has 4", batch.getMessage());
        IllegalStateException undrawn = assertThrows(IllegalStateException.class,
                () -> engine.compute(x, y, out, new DropoutMasks(net)));
        assertTrue(undrawn.getMessage().contains("not been drawn"), undrawn.getMessage());
        Network otherRate = TestNets.withDropout(net, 0.25, 0.0);
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> engine.compute(x, y, out, DropoutMasks.draw(otherRate, 4, 1)));
        assertEquals("layer 1: the dropout masks are for rate 0.25 but the network's layer has rate 0.5",
                rate.getMessage());
        Network wider = TestNets.withDropout(TestNets.random(39, new int[] {3, 6, 2}, Activations.tanh(),
                Activations.identity()), 0.5, 0.0);
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> engine.compute(x, y, out, DropoutMasks.draw(wider, 4, 1)));
        assertEquals("layer 1: the dropout masks are for 3 -> 6 units but the network's layer maps 3 -> 5",
                width.getMessage());
        for (double v : out.weights(1).data) {
            assertEquals(7.0, v, 0.0, "the gradients are untouched");
        }
        NullPointerException missing = assertThrows(NullPointerException.class,
                () -> engine.compute(x, y, out, (DropoutMasks) null));
        assertEquals("dropout masks must not be null", missing.getMessage());
    }

    @Test
    void maskAccessIsChecked() {
        Network net = TestNets.withDropout(TestNets.random(40, new int[] {3, 5, 4, 2}, Activations.tanh(),
                Activations.tanh(), Activations.identity()), 0.5, 0.0, 0.0);
        DropoutMasks masks = new DropoutMasks(net);
        assertEquals(3, masks.depth());
        assertEquals(0.5, masks.rate(1));
        assertEquals(0.0, masks.rate(2));
        IllegalStateException notDrawn = assertThrows(IllegalStateException.class, () -> masks.mask(1));
        assertTrue(notDrawn.getMessage().contains("draw(m, seed)"), notDrawn.getMessage());
        masks.draw(3, 0);
        assertEquals(3, masks.mask(1).numCols);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> masks.mask(2));
        assertEquals("layer 2 has dropout rate 0, so it has no mask", none.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> masks.rate(4));
        assertEquals("layer index l must be in 1..3 but was 4", range.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> masks.draw(0, 1));
        assertTrue(empty.getMessage().contains("must be > 0 but was 0"), empty.getMessage());
        assertEquals(3, masks.batchSize(), "a refused draw changes nothing");
    }
}
