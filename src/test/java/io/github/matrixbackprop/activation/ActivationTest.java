package io.github.matrixbackprop.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationTest {

    static Stream<Activation> all() {
        return Stream.of(Activations.identity(), Activations.sigmoid(), Activations.tanh(), Activations.relu(),
                Activations.leakyRelu(), Activations.leakyRelu(-0.3), Activations.elu(), Activations.elu(0.5),
                Activations.softplus(), Activations.gelu(), Activations.silu(), Activations.softmax());
    }

    /** Inputs kept at least 1e-3 away from 0 so no central difference straddles a kink. */
    private static DMatrixRMaj awayFromZero(long seed, int n, int m) {
        DMatrixRMaj z = TestNets.uniform(new SplittableRandom(seed), n, m, -3, 3);
        for (int i = 0; i < z.getNumElements(); i++) {
            if (Math.abs(z.data[i]) < 1e-3) {
                z.data[i] = 0.5;
            }
        }
        return z;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void jacobianMatchesCentralDifferencesOfForward(Activation f) {
        DMatrixRMaj z = awayFromZero(11, 5, 1);
        DMatrixRMaj j = f.jacobian(z);
        double h = 1e-6;
        for (int k = 0; k < 5; k++) {
            DMatrixRMaj up = z.copy();
            DMatrixRMaj down = z.copy();
            up.data[k] += h;
            down.data[k] -= h;
            DMatrixRMaj aUp = new DMatrixRMaj(5, 1);
            DMatrixRMaj aDown = new DMatrixRMaj(5, 1);
            f.forward(up, aUp);
            f.forward(down, aDown);
            for (int r = 0; r < 5; r++) {
                double fd = (aUp.data[r] - aDown.data[r]) / (up.data[k] - down.data[k]);
                // truncation h^2 |f'''| / 6 plus rounding eps |f| / h: below 1e-8 for these inputs
                assertEquals(fd, j.get(r, k), 1e-8, f.name() + " J[" + r + "][" + k + "]");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void jacobianTransposeProductEqualsExplicitJacobian(Activation f) {
        int n = 6;
        int m = 4;
        DMatrixRMaj z = awayFromZero(3, n, m);
        DMatrixRMaj a = new DMatrixRMaj(n, m);
        f.forward(z, a);
        DMatrixRMaj g = TestNets.uniform(new SplittableRandom(4), n, m, -1, 1);
        DMatrixRMaj jtg = g.copy();
        f.applyJacobianTranspose(z, a, jtg);
        for (int i = 0; i < m; i++) {
            DMatrixRMaj zi = CommonOps_DDRM.extractColumn(z, i, null);
            DMatrixRMaj gi = CommonOps_DDRM.extractColumn(g, i, null);
            DMatrixRMaj expected = new DMatrixRMaj(n, 1);
            CommonOps_DDRM.multTransA(f.jacobian(zi), gi, expected);
            for (int k = 0; k < n; k++) {
                assertEquals(expected.data[k], jtg.get(k, i), 1e-15, f.name() + " sample " + i + " unit " + k);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void secondOrderProductsMatchDifferencesOfTheJacobianTransposeProduct(Activation f) {
        int n = 5;
        int m = 3;
        DMatrixRMaj z = awayFromZero(21, n, m);
        DMatrixRMaj rz = TestNets.uniform(new SplittableRandom(22), n, m, -1, 1);
        DMatrixRMaj u = TestNets.uniform(new SplittableRandom(23), n, m, -1, 1);
        DMatrixRMaj a = new DMatrixRMaj(n, m);
        f.forward(z, a);
        DMatrixRMaj out = new DMatrixRMaj(n, m);
        f.applyJacobianTransposeDirectional(z, a, rz, u, out);
        // d/de [J_f(z + e rz)^T u] at e = 0, by central differences
        double e = 1e-6;
        DMatrixRMaj[] sides = new DMatrixRMaj[2];
        for (int s = 0; s < 2; s++) {
            DMatrixRMaj zs = z.copy();
            CommonOps_DDRM.addEquals(zs, s == 0 ? e : -e, rz);
            DMatrixRMaj as = new DMatrixRMaj(n, m);
            f.forward(zs, as);
            sides[s] = u.copy();
            f.applyJacobianTranspose(zs, as, sides[s]);
        }
        for (int i = 0; i < n * m; i++) {
            double fd = (sides[0].data[i] - sides[1].data[i]) / (2 * e);
            assertEquals(fd, out.data[i], 1e-8, f.name() + " element " + i);
        }
        // and the forward-mode product J v equals the explicit Jacobian times v
        DMatrixRMaj jv = rz.copy();
        f.applyJacobian(z, a, jv);
        for (int i = 0; i < m; i++) {
            DMatrixRMaj expected = new DMatrixRMaj(n, 1);
            CommonOps_DDRM.mult(f.jacobian(CommonOps_DDRM.extractColumn(z, i, null)),
                    CommonOps_DDRM.extractColumn(rz, i, null), expected);
            for (int k = 0; k < n; k++) {
                assertEquals(expected.data[k], jv.get(k, i), 1e-15);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void forwardOfABatchEqualsForwardOfEachColumn(Activation f) {
        DMatrixRMaj z = awayFromZero(8, 4, 3);
        DMatrixRMaj a = new DMatrixRMaj(4, 3);
        f.forward(z, a);
        for (int i = 0; i < 3; i++) {
            DMatrixRMaj ai = new DMatrixRMaj(4, 1);
            f.forward(CommonOps_DDRM.extractColumn(z, i, null), ai);
            for (int k = 0; k < 4; k++) {
                assertEquals(ai.data[k], a.get(k, i), 0.0);
            }
        }
    }

    @ParameterizedTest(name = "{0}({1})")
    @CsvSource({
        "identity, -1.5, -1.5", "sigmoid, 0, 0.5", "sigmoid, 2, 0.8807970779778823",
        "tanh, 0.5, 0.46211715726000974", "relu, -1, 0", "relu, 2.5, 2.5", "relu, 0, 0",
        "leaky_relu, -2, -0.02", "elu, -1, -0.6321205588285577", "softplus, 0, 0.6931471805599453",
        "softplus, -40, 4.248354255291589e-18", "softplus, 800, 800", "gelu, 1, 0.8413447460685429",
        "gelu, -3, -0.004049694094890287", "gelu, 0.5, 0.34573123063700656",
        "silu, 1, 0.7310585786300049", "sigmoid, -800, 0", "sigmoid, 800, 1"})
    void knownValues(String name, double z, double expected) {
        ElementwiseActivation f = (ElementwiseActivation) Activations.byName(name);
        assertEquals(expected, f.value(z), 1e-15 * Math.max(1, Math.abs(expected)));
    }

    @Test
    void reluUsesSubgradientZeroAtTheKinkAndLeakyReluItsSlope() {
        assertEquals(0.0, new Relu().derivative(0.0, 0.0));
        assertEquals(0.01, new LeakyRelu(0.01).derivative(0.0, 0.0));
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        DMatrixRMaj z = new DMatrixRMaj(new double[][] {{1e4, -1e4}, {0, 1e4}, {-1e4, 1e4}});
        DMatrixRMaj a = new DMatrixRMaj(3, 2);
        Activations.softmax().forward(z, a);
        assertEquals(1.0, a.get(0, 0), 0.0);
        assertEquals(0.0, a.get(1, 0), 0.0);
        assertEquals(0.5, a.get(1, 1), 1e-16);
        assertEquals(0.5, a.get(2, 1), 1e-16);
        for (double v : a.data) {
            assertTrue(Double.isFinite(v));
        }
    }

    @Test
    void softmaxColumnsSumToOne() {
        DMatrixRMaj z = TestNets.uniform(new SplittableRandom(2), 7, 5, -10, 10);
        DMatrixRMaj a = new DMatrixRMaj(7, 5);
        Activations.softmax().forward(z, a);
        for (int i = 0; i < 5; i++) {
            double s = 0;
            for (int k = 0; k < 7; k++) {
                s += a.get(k, i);
            }
            assertEquals(1.0, s, 1e-15);
        }
    }

    @Test
    void parametersMustBeFiniteButMayBeNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LeakyRelu(Double.NaN));
        assertTrue(e.getMessage().contains("leaky_relu slope") && e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Elu(Double.POSITIVE_INFINITY));
        assertEquals(-0.5, new LeakyRelu(-0.5).slope());
    }

    @Test
    void unknownNameIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.byName("swoosh"));
        assertTrue(e.getMessage().contains("swoosh") && e.getMessage().contains("relu"), e.getMessage());
    }

    @Test
    void everyListedNameResolvesToItsName() {
        for (String name : Activations.NAMES) {
            assertEquals(name, Activations.byName(name).name());
        }
        assertEquals(List.copyOf(Activations.NAMES), all().map(Activation::name).distinct().toList());
    }

    @Test
    void mismatchedShapesNameBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activations.tanh().forward(new DMatrixRMaj(3, 2), new DMatrixRMaj(2, 3)));
        assertTrue(e.getMessage().contains("3x2") && e.getMessage().contains("2x3"), e.getMessage());
        IllegalArgumentException col = assertThrows(IllegalArgumentException.class,
                () -> Activations.softmax().jacobian(new DMatrixRMaj(3, 2)));
        assertTrue(col.getMessage().contains("3x2"), col.getMessage());
    }

    /** NaN in a potential stays NaN in the activation, its Jacobian products and its second derivative. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void nanPropagatesThroughValueAndDerivatives(Activation f) {
        DMatrixRMaj z = new DMatrixRMaj(new double[][] {{Double.NaN}, {0.5}, {-0.5}});
        DMatrixRMaj a = new DMatrixRMaj(3, 1);
        f.forward(z, a);
        assertTrue(Double.isNaN(a.data[0]), f.name() + "(NaN) = " + a.data[0]);
        if (f.name().equals("identity")) {
            return; // its derivative is the constant 1, exactly right at any z; the forward value carries the NaN
        }
        DMatrixRMaj g = new DMatrixRMaj(new double[][] {{1}, {1}, {1}});
        f.applyJacobianTranspose(z, a, g);
        assertTrue(Double.isNaN(g.data[0]), f.name() + ": J^T g at NaN gave " + g.data[0]);
        DMatrixRMaj v = new DMatrixRMaj(new double[][] {{1}, {1}, {1}});
        f.applyJacobian(z, a, v);
        assertTrue(Double.isNaN(v.data[0]), f.name() + ": J v at NaN gave " + v.data[0]);
        if (f instanceof ElementwiseActivation e) {
            assertTrue(Double.isNaN(e.value(Double.NaN)), f.name() + " value");
            assertTrue(Double.isNaN(e.derivative(Double.NaN, e.value(Double.NaN))), f.name() + " derivative");
            assertTrue(Double.isNaN(e.secondDerivative(Double.NaN, e.value(Double.NaN))),
                    f.name() + " second derivative");
            // a finite potential next to the NaN is unaffected
            assertTrue(Double.isFinite(a.data[1]) && Double.isFinite(a.data[2]), f.name() + " finite neighbours");
        }
    }

    @Test
    void aNetworkOfReluPredictsNanForNanInput() {
        io.github.matrixbackprop.network.Network net = io.github.matrixbackprop.network.Network.builder(4)
                .dense(8, Activations.relu()).dense(3, Activations.softmax()).seed(0).build();
        DMatrixRMaj out = net.predict(new DMatrixRMaj(new double[][] {{Double.NaN, Double.NaN, Double.NaN,
            Double.NaN}}));
        for (double o : out.data) {
            assertTrue(Double.isNaN(o), "softmax(relu(NaN)) gave " + out);
        }
    }
}
