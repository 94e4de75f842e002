package io.github.matrixbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * L-BFGS beyond the PyTorch cases: minima known in closed form (a quadratic) or by an
 * independent Newton iteration (logistic regression), every stopping rule, the history ring,
 * determinism, checkpoints, allocation, and the spec's validation.
 */
class LbfgsTest {

    /** A 3 -> 2 identity layer: 8 parameters, the variables of the quadratic below. */
    private static Network linear() {
        return TestNets.random(5, new int[] {3, 2}, Activations.identity());
    }

    /** Stopping only at max_iter (or an exactly zero gradient or step): for convergence to many digits. */
    private static final LbfgsSpec UNTIL_MAX_ITER = LbfgsSpec.defaults().withToleranceGrad(0).withToleranceChange(0);

    /** theta in torch's order: W^1 row-major, b^1, W^2, ... */
    private static double[] flat(Network net) {
        double[] out = new double[net.parameterCount()];
        int k = 0;
        for (int l = 1; l <= net.depth(); l++) {
            for (double v : net.layer(l).weights().data) {
                out[k++] = v;
            }
            for (double v : net.layer(l).bias().data) {
                out[k++] = v;
            }
        }
        return out;
    }

    private static void unflatten(double[] v, Gradients g) {
        int k = 0;
        for (int l = 1; l <= g.depth(); l++) {
            for (int i = 0; i < g.weights(l).getNumElements(); i++) {
                g.weights(l).data[i] = v[k++];
            }
            for (int i = 0; i < g.bias(l).getNumElements(); i++) {
                g.bias(l).data[i] = v[k++];
            }
        }
    }

    /** A symmetric positive definite n x n matrix M^T M / n + I/2 and a right-hand side. */
    private static DMatrixRMaj[] quadratic(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        DMatrixRMaj m = TestNets.uniform(rnd, n, n, -1, 1);
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(m, m, a);
        CommonOps_DDRM.scale(1.0 / n, a);
        for (int i = 0; i < n; i++) {
            a.add(i, i, 0.5);
        }
        return new DMatrixRMaj[] {a, TestNets.uniform(rnd, n, 1, -2, 2)};
    }

    /**
     * {@code C = 1/2 theta^T A theta - c^T theta} summed over "partitions" (A = sum A_p, c = sum c_p), as a
     * distributed driver would: no engine involved.
     */
    private static CostFunction partitioned(Network net, DMatrixRMaj[]... parts) {
        return out -> {
            DMatrixRMaj theta = new DMatrixRMaj(flat(net));
            double cost = 0;
            DMatrixRMaj grad = new DMatrixRMaj(theta.numRows, 1);
            for (DMatrixRMaj[] p : parts) {
                DMatrixRMaj at = new DMatrixRMaj(theta.numRows, 1);
                CommonOps_DDRM.mult(p[0], theta, at);
                cost += 0.5 * CommonOps_DDRM.dot(theta, at) - CommonOps_DDRM.dot(p[1], theta);
                CommonOps_DDRM.addEquals(grad, at);
                CommonOps_DDRM.subtractEquals(grad, p[1]);
            }
            unflatten(grad.data, out);
            return cost;
        };
    }

    @Test
    void reachesTheMinimumOfAConvexQuadraticFromAnyCostFunction() {
        DMatrixRMaj[] p1 = quadratic(1, 8);
        DMatrixRMaj[] p2 = quadratic(2, 8);
        DMatrixRMaj a = p1[0].copy();
        CommonOps_DDRM.addEquals(a, p2[0]);
        DMatrixRMaj c = p1[1].copy();
        CommonOps_DDRM.addEquals(c, p2[1]);
        DMatrixRMaj expected = new DMatrixRMaj(8, 1);
        assertTrue(CommonOps_DDRM.solve(a, c, expected));
        for (LbfgsSpec.LineSearch search : LbfgsSpec.LineSearch.values()) {
            Network net = linear();
            Lbfgs lbfgs = UNTIL_MAX_ITER.withLineSearch(search).create(net);
            CostFunction cost = partitioned(net, p1, p2);
            for (int s = 0; s < 5; s++) {
                lbfgs.step(cost);
            }
            double[] theta = flat(net);
            for (int i = 0; i < 8; i++) {
                assertEquals(expected.data[i], theta[i], 1e-8, search + " theta[" + i + "]");
            }
        }
    }

    @Test
    void logisticRegressionMatchesNewtonsMethod() {
        int m = 80;
        DMatrixRMaj x = TestNets.inputs(3, m, 3);
        DMatrixRMaj y = new DMatrixRMaj(m, 1);
        SplittableRandom rnd = new SplittableRandom(4);
        for (int i = 0; i < m; i++) {
            double z = 1.5 * x.get(i, 0) - x.get(i, 1) + 0.5 * x.get(i, 2) + 0.3;
            boolean positive = z > 0;
            y.set(i, 0, positive != (rnd.nextDouble() < 0.15) ? 1 : 0);  // 15% flipped: a finite minimum
        }
        double[] newton = newtonLogistic(x, y);
        Network net = TestNets.random(6, new int[] {3, 1}, Activations.sigmoid());
        Lbfgs lbfgs = UNTIL_MAX_ITER.withLineSearch(LbfgsSpec.LineSearch.STRONG_WOLFE).withMaxIter(50).create(net);
        CostFunction cost = CostFunction.of(new Backprop(net, Losses.binaryCrossEntropy()), x, y);
        for (int s = 0; s < 3; s++) {
            lbfgs.step(cost);
        }
        double[] theta = flat(net);  // w1, w2, w3, b
        for (int i = 0; i < 4; i++) {
            assertEquals(newton[i], theta[i], 1e-6, "theta[" + i + "]");
        }
    }

    /** Newton's method on the mean logistic loss: H = X~^T diag(p(1-p)) X~ / m, theta &lt;- theta - H^-1 g. */
    private static double[] newtonLogistic(DMatrixRMaj x, DMatrixRMaj y) {
        int m = x.numRows;
        int n = x.numCols + 1;
        double[] theta = new double[n];
        for (int it = 0; it < 50; it++) {
            DMatrixRMaj g = new DMatrixRMaj(n, 1);
            DMatrixRMaj h = new DMatrixRMaj(n, n);
            for (int i = 0; i < m; i++) {
                double[] row = new double[n];
                for (int j = 0; j < n - 1; j++) {
                    row[j] = x.get(i, j);
                }
                row[n - 1] = 1;
                double z = 0;
                for (int j = 0; j < n; j++) {
                    z += theta[j] * row[j];
                }
                double p = 1 / (1 + Math.exp(-z));
                for (int j = 0; j < n; j++) {
                    g.data[j] += (p - y.get(i, 0)) * row[j] / m;
                    for (int k = 0; k < n; k++) {
                        h.add(j, k, p * (1 - p) * row[j] * row[k] / m);
                    }
                }
            }
            DMatrixRMaj step = new DMatrixRMaj(n, 1);
            assertTrue(CommonOps_DDRM.solve(h, g, step));
            for (int j = 0; j < n; j++) {
                theta[j] -= step.data[j];
            }
        }
        return theta;
    }

    private static final DMatrixRMaj[] Q = quadratic(7, 8);

    @Test
    void aGradientBelowToleranceGradEndsTheStepAfterOneEvaluation() {
        Network net = linear();
        double[] before = flat(net);
        Lbfgs lbfgs = LbfgsSpec.defaults().withToleranceGrad(1e6).create(net);
        double c = lbfgs.step(partitioned(net, Q));
        assertEquals(partitioned(net, Q).evaluate(Gradients.zerosLike(net)), c);
        assertArrayEquals(before, flat(net));
        assertEquals(0, lbfgs.iterations());
        assertEquals(1, lbfgs.functionEvaluations());
    }

    @Test
    void maxIterBoundsTheIterationsAndTheFixedStepSkipsTheLastEvaluation() {
        Network net = linear();
        Lbfgs lbfgs = UNTIL_MAX_ITER.withMaxIter(3).withMaxEval(10).create(net);
        lbfgs.step(partitioned(net, Q));
        assertEquals(3, lbfgs.iterations());
        assertEquals(3, lbfgs.functionEvaluations());  // the first, then after iterations 1 and 2
        lbfgs.step(partitioned(net, Q));
        assertEquals(6, lbfgs.iterations());
        assertEquals(6, lbfgs.functionEvaluations());

        Network other = linear();
        Lbfgs budget = UNTIL_MAX_ITER.withMaxIter(3).create(other);  // max_eval 3 * 5 / 4 = 3
        budget.step(partitioned(other, Q));
        assertEquals(2, budget.iterations(), "the third evaluation, after iteration 2, uses up max_eval");
        assertEquals(3, budget.functionEvaluations());
    }

    @Test
    void maxEvalEndsTheStepOnceReached() {
        Network net = linear();
        Lbfgs lbfgs = UNTIL_MAX_ITER.withLineSearch(LbfgsSpec.LineSearch.STRONG_WOLFE).withMaxEval(2).create(net);
        lbfgs.step(partitioned(net, Q));
        assertEquals(1, lbfgs.iterations());
        assertTrue(lbfgs.functionEvaluations() >= 2, "evaluations " + lbfgs.functionEvaluations());
        assertEquals(25, LbfgsSpec.defaults().maxEvaluations());
        assertEquals(6, LbfgsSpec.defaults().withMaxIter(5).maxEvaluations());
        assertEquals(3, LbfgsSpec.defaults().withMaxEval(3).withMaxIter(5).maxEvaluations());
    }

    @Test
    void toleranceChangeStopsOnAFlatDirectionAndOnASmallChange() {
        Network net = linear();
        double[] before = flat(net);
        Lbfgs flat = LbfgsSpec.defaults().withToleranceChange(1e12).create(net);
        flat.step(partitioned(net, Q));
        assertEquals(1, flat.iterations(), "g^T d > -tolerance_change: no move");
        assertArrayEquals(before, flat(net));

        Network other = linear();
        Lbfgs change = LbfgsSpec.defaults().withToleranceChange(1e-3).create(other);
        change.step(partitioned(other, Q));
        assertTrue(change.iterations() < 20, "iterations " + change.iterations());
        assertNotEquals(before[0], flat(other)[0]);
    }

    @Test
    void theHistoryIsARingOfHistorySizePairs() {
        Network net = linear();
        Lbfgs lbfgs = UNTIL_MAX_ITER.withHistorySize(2).withLineSearch(LbfgsSpec.LineSearch.STRONG_WOLFE)
                .create(net);
        CostFunction cost = partitioned(net, Q);
        lbfgs.step(cost);
        assertEquals(2, lbfgs.historyLength());
        for (int s = 0; s < 10; s++) {
            lbfgs.step(cost);
        }
        DMatrixRMaj expected = new DMatrixRMaj(8, 1);
        assertTrue(CommonOps_DDRM.solve(Q[0], Q[1], expected));
        // near the minimum the cost resolves theta to about sqrt(1e-16): 1e-6 leaves room for that
        assertArrayEquals(expected.data, flat(net), 1e-6);
        assertEquals(2, lbfgs.historyLength());
    }

    @Test
    void bitIdenticalForEveryThreadCount() {
        double[][] results = new double[2][];
        int[] threads = {1, 3};
        for (int r = 0; r < 2; r++) {
            Network net = TestNets.random(8, new int[] {5, 16, 3}, Activations.tanh(), Activations.softmax());
            Loss loss = Losses.softmaxCrossEntropy();
            Backprop engine = new Backprop(net, loss, threads[r]);
            CostFunction cost = CostFunction.of(engine, TestNets.inputs(9, 120, 5), TestNets.oneHot(10, 120, 3));
            Lbfgs lbfgs = LbfgsSpec.defaults().withLineSearch(LbfgsSpec.LineSearch.STRONG_WOLFE).create(net);
            for (int s = 0; s < 3; s++) {
                lbfgs.step(cost);
            }
            results[r] = flat(net);
        }
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void aCheckpointPutsTheWholeStateBack() {
        Network net = TestNets.random(11, new int[] {4, 6, 2}, Activations.tanh(), Activations.identity());
        CostFunction cost = CostFunction.of(new Backprop(net, Losses.halfSse()), TestNets.inputs(12, 30, 4),
                TestNets.inputs(13, 30, 2));
        Lbfgs lbfgs = LbfgsSpec.defaults().withMaxIter(4).withHistorySize(3)
                .withLineSearch(LbfgsSpec.LineSearch.STRONG_WOLFE).create(net);
        Optimizer.Checkpoint checkpoint = lbfgs.checkpoint();
        assertThrows(IllegalStateException.class, checkpoint::restore);
        lbfgs.step(cost);
        checkpoint.save();
        Network saved = net.copy();
        long iterations = lbfgs.iterations();
        long evaluations = lbfgs.functionEvaluations();
        lbfgs.step(cost);
        lbfgs.step(cost);
        double[] continued = flat(net);

        net.setParameters(saved);
        lbfgs.setLearningRate(0.5);
        checkpoint.restore();
        assertEquals(1.0, lbfgs.learningRate());
        assertEquals(iterations, lbfgs.iterations());
        assertEquals(evaluations, lbfgs.functionEvaluations());
        lbfgs.step(cost);
        lbfgs.step(cost);
        assertArrayEquals(continued, flat(net));
    }

    @Test
    void aStepAllocatesNothingOnceTheHistoryIsFull() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs per-thread allocation counters");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "needs per-thread allocation counters");
        for (LbfgsSpec.LineSearch search : LbfgsSpec.LineSearch.values()) {
            Network net = TestNets.random(14, new int[] {20, 60, 5}, Activations.tanh(), Activations.identity());
            CostFunction cost = CostFunction.of(new Backprop(net, Losses.halfSse(), 1), TestNets.inputs(15, 40, 20),
                    TestNets.inputs(16, 40, 5));
            Lbfgs lbfgs = UNTIL_MAX_ITER.withHistorySize(3).withMaxIter(5).withLineSearch(search).create(net);
            for (int s = 0; s < 3; s++) {
                lbfgs.step(cost);
            }
            assertEquals(3, lbfgs.historyLength());
            // the fewest bytes of ten steps: until C2 has compiled the Vector API kernel, its
            // interpreted and C1 code allocates a vector object per operation, whatever L-BFGS does
            long allocated = Long.MAX_VALUE;
            for (int t = 0; t < 10; t++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                lbfgs.step(cost);
                allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(3, lbfgs.historyLength(), search + ": the history stayed full");
            // one parameter-sized array would be 1,565 * 8 bytes
            assertTrue(allocated < 2048, search + ": allocated " + allocated + " bytes");
        }
    }

    @Test
    void theSpecNamesEveryValueOutsideItsRange() {
        LbfgsSpec d = LbfgsSpec.defaults();
        assertEquals(new LbfgsSpec(1, 20, null, 1e-7, 1e-9, 100, LbfgsSpec.LineSearch.NONE), d);
        assertEquals(new LbfgsSpec(0.5, 7, 9, 1e-5, 1e-6, 4, LbfgsSpec.LineSearch.STRONG_WOLFE),
                LbfgsSpec.of(0.5).withMaxIter(7).withMaxEval(9).withToleranceGrad(1e-5).withToleranceChange(1e-6)
                        .withHistorySize(4).withLineSearch(LbfgsSpec.LineSearch.STRONG_WOLFE));
        assertEquals(0.25, d.withLr(0.25).lr());
        Object[][] bad = {
            {(Runnable) () -> d.withLr(-1), "lbfgs lr must be finite and >= 0 but was -1.0"},
            {(Runnable) () -> d.withLr(Double.NaN), "lbfgs lr must be finite and >= 0 but was NaN"},
            {(Runnable) () -> d.withMaxIter(0), "lbfgs max_iter must be > 0 but was 0"},
            {(Runnable) () -> d.withMaxEval(0), "lbfgs max_eval must be > 0 but was 0"},
            {(Runnable) () -> d.withToleranceGrad(-1e-3), "lbfgs tolerance_grad must be finite and >= 0 but was -0.001"},
            {(Runnable) () -> d.withToleranceChange(Double.POSITIVE_INFINITY),
                "lbfgs tolerance_change must be finite and >= 0 but was Infinity"},
            {(Runnable) () -> d.withHistorySize(-2), "lbfgs history_size must be > 0 but was -2"},
        };
        for (Object[] c : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ((Runnable) c[0])::run);
            assertEquals(c[1], e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> d.withLineSearch(null));
    }

    @Test
    void byTorchNames() {
        Map<String, Object> hyper = new HashMap<>();
        hyper.put("lr", 0.5);
        hyper.put("max_iter", 8.0);
        hyper.put("max_eval", null);
        hyper.put("history_size", 5);
        hyper.put("tolerance_grad", 1e-6);
        hyper.put("tolerance_change", 1e-8);
        hyper.put("line_search_fn", "strong_wolfe");
        assertEquals(new LbfgsSpec(0.5, 8, null, 1e-6, 1e-8, 5, LbfgsSpec.LineSearch.STRONG_WOLFE),
                Optimizers.lbfgs(hyper));
        assertEquals(LbfgsSpec.defaults(), Optimizers.lbfgs(Map.of()));
        assertEquals(LbfgsSpec.LineSearch.NONE, Optimizers.lbfgs(Map.of("line_search_fn", "none")).lineSearch());
        assertEquals("strong_wolfe", LbfgsSpec.LineSearch.STRONG_WOLFE.torchName());
        Object[][] bad = {
            {Map.of("max_iter", 2.5), "lbfgs max_iter must be a whole number but was 2.5"},
            {Map.of("history_size", "many"), "lbfgs history_size must be a whole number but was many"},
            {Map.of("line_search_fn", "backtracking"),
                "lbfgs line_search_fn must be none (null) or strong_wolfe but was 'backtracking'"},
            {Map.of("line_search_fn", 1), "lbfgs line_search_fn must be text but was 1"},
            {Map.of("momentum", 0.9), "unknown hyperparameter 'momentum' for optimizer lbfgs; known: "
                + "[history_size, line_search_fn, lr, max_eval, max_iter, tolerance_change, tolerance_grad]"},
        };
        for (Object[] c : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Optimizers.lbfgs(cast(c[0])));
            assertEquals(c[1], e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.byName("lbfgs", Map.of()));
        assertTrue(e.getMessage().contains("Optimizers.lbfgs"), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Object m) {
        return (Map<String, ?>) m;
    }

    @Test
    void costFunctionOfChecksTheBatchAgainstTheNetwork() {
        Network net = linear();
        Backprop engine = new Backprop(net, Losses.halfSse());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CostFunction.of(engine, new DMatrixRMaj(4, 5), new DMatrixRMaj(4, 2)));
        assertTrue(e.getMessage().contains("4x5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CostFunction.of(engine, new DMatrixRMaj(4, 3), new DMatrixRMaj(3, 2)));
        assertTrue(e.getMessage().contains("3x2") && e.getMessage().contains("4x3"), e.getMessage());
    }
}
