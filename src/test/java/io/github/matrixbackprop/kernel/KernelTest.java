package io.github.matrixbackprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kernel against a plain triple loop, on odd sizes (tolerance: rounding of a k-term sum). */
class KernelTest {

    static Stream<MatrixKernel> kernels() {
        return Stream.of(EjmlKernel.INSTANCE, Kernels.scalar(1), Kernels.scalar(2), Kernels.withThreads(1),
                Kernels.withThreads(2), Kernels.withThreads(3));
    }

    static Stream<Arguments> cases() {
        int[] sizes = {1, 3, 7, 17, 129, 300};
        Stream.Builder<Arguments> b = Stream.builder();
        kernels().forEach(k -> {
            for (int m : sizes) {
                for (int n : new int[] {1, 7, 129}) {
                    for (int p : new int[] {1, 3, 17, 257}) {
                        b.add(Arguments.of(k, m, p, n));
                    }
                }
            }
        });
        return b.build();
    }

    /** c[i][j] = sum_k a[i][k] b[k][j], with a and b given by accessors for the transposed forms. */
    private static DMatrixRMaj naive(DMatrixRMaj a, boolean ta, DMatrixRMaj b, boolean tb) {
        int m = ta ? a.numCols : a.numRows;
        int k = ta ? a.numRows : a.numCols;
        int n = tb ? b.numRows : b.numCols;
        DMatrixRMaj c = new DMatrixRMaj(m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int q = 0; q < k; q++) {
                    s += (ta ? a.get(q, i) : a.get(i, q)) * (tb ? b.get(j, q) : b.get(q, j));
                }
                c.set(i, j, s);
            }
        }
        return c;
    }

    private static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, int k) {
        assertEquals(expected.numRows, actual.numRows);
        assertEquals(expected.numCols, actual.numCols);
        // |a|,|b| < 1, so each sum of k products has rounding error below about k * 2^-52
        double tol = 4 * k * Math.ulp(1.0);
        for (int i = 0; i < expected.getNumElements(); i++) {
            assertEquals(expected.data[i], actual.data[i], tol, "element " + i);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2} * {2}x{3}")
    @MethodSource("cases")
    void multMatchesTripleLoop(MatrixKernel kernel, int m, int k, int n) {
        SplittableRandom rnd = new SplittableRandom(m * 1000L + k * 10L + n);
        DMatrixRMaj a = TestNets.uniform(rnd, m, k, -1, 1);
        DMatrixRMaj b = TestNets.uniform(rnd, k, n, -1, 1);
        DMatrixRMaj c = new DMatrixRMaj(m, n);
        c.fill(Double.NaN); // the kernel overwrites, never accumulates
        kernel.mult(a, b, c);
        assertClose(naive(a, false, b, false), c, k);
    }

    @ParameterizedTest(name = "{0} ({2}x{1})^T * {2}x{3}")
    @MethodSource("cases")
    void multTransAMatchesTripleLoop(MatrixKernel kernel, int m, int k, int n) {
        SplittableRandom rnd = new SplittableRandom(m * 1000L + k * 10L + n + 1);
        DMatrixRMaj a = TestNets.uniform(rnd, k, m, -1, 1);
        DMatrixRMaj b = TestNets.uniform(rnd, k, n, -1, 1);
        DMatrixRMaj c = new DMatrixRMaj(m, n);
        c.fill(Double.NaN);
        kernel.multTransA(a, b, c);
        assertClose(naive(a, true, b, false), c, k);
    }

    @ParameterizedTest(name = "{0} {1}x{2} * ({3}x{2})^T")
    @MethodSource("cases")
    void multTransBMatchesTripleLoop(MatrixKernel kernel, int m, int k, int n) {
        SplittableRandom rnd = new SplittableRandom(m * 1000L + k * 10L + n + 2);
        DMatrixRMaj a = TestNets.uniform(rnd, m, k, -1, 1);
        DMatrixRMaj b = TestNets.uniform(rnd, n, k, -1, 1);
        DMatrixRMaj c = new DMatrixRMaj(m, n);
        c.fill(Double.NaN);
        kernel.multTransB(a, b, c);
        assertClose(naive(a, false, b, true), c, k);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void rejectsMismatchedShapesNamingThem(MatrixKernel kernel) {
        DMatrixRMaj a = new DMatrixRMaj(4, 3);
        DMatrixRMaj b = new DMatrixRMaj(5, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.mult(a, b, new DMatrixRMaj(4, 2)));
        assertTrue(e.getMessage().contains("4x3") && e.getMessage().contains("5x2"), e.getMessage());
        IllegalArgumentException wrongOut = assertThrows(IllegalArgumentException.class,
                () -> kernel.mult(a, new DMatrixRMaj(3, 2), new DMatrixRMaj(4, 3)));
        assertTrue(wrongOut.getMessage().contains("4x2"), wrongOut.getMessage());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void rejectsOutputAliasingAnInput(MatrixKernel kernel) {
        DMatrixRMaj a = new DMatrixRMaj(3, 3);
        DMatrixRMaj i = new DMatrixRMaj(3, 3);
        assertThrows(IllegalArgumentException.class, () -> kernel.mult(a, i, a));
        assertThrows(IllegalArgumentException.class, () -> kernel.multTransA(i, a, a));
        assertThrows(IllegalArgumentException.class, () -> kernel.multTransB(a, i, i));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void isBitIdenticalAcrossCalls(MatrixKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(5);
        DMatrixRMaj a = TestNets.uniform(rnd, 65, 130, -1, 1);
        DMatrixRMaj b = TestNets.uniform(rnd, 130, 33, -1, 1);
        DMatrixRMaj c1 = new DMatrixRMaj(65, 33);
        DMatrixRMaj c2 = new DMatrixRMaj(65, 33);
        kernel.mult(a, b, c1);
        kernel.mult(a, b, c2);
        for (int i = 0; i < c1.getNumElements(); i++) {
            assertEquals(Double.doubleToRawLongBits(c1.data[i]), Double.doubleToRawLongBits(c2.data[i]));
        }
    }

    @org.junit.jupiter.api.Test
    void everyThreadCountGivesBitIdenticalResults() {
        SplittableRandom rnd = new SplittableRandom(6);
        // large enough to be split across threads, with ragged edges and several k blocks
        DMatrixRMaj a = TestNets.uniform(rnd, 301, 517, -1, 1);
        DMatrixRMaj b = TestNets.uniform(rnd, 517, 203, -1, 1);
        DMatrixRMaj c1 = new DMatrixRMaj(301, 203);
        Kernels.withThreads(1).mult(a, b, c1);
        for (int t = 2; t <= 3; t++) {
            DMatrixRMaj ct = new DMatrixRMaj(301, 203);
            Kernels.withThreads(t).mult(a, b, ct);
            for (int i = 0; i < c1.getNumElements(); i++) {
                assertEquals(Double.doubleToRawLongBits(c1.data[i]), Double.doubleToRawLongBits(ct.data[i]),
                        t + " threads, element " + i);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void theFastKernelIsUsedExactlyWhenTheModuleIsPresent() {
        boolean expected = Boolean.parseBoolean(System.getProperty("matrixbackprop.expect.vector", "true"));
        assertEquals(expected, Kernels.vectorApiAvailable(), "this test run expects the Vector API module to be "
                + (expected ? "present: run with --add-modules jdk.incubator.vector" : "absent"));
        assertEquals(expected ? "vector 5x8" : "scalar 4x4", Kernels.fastestMicroKernel().name());
    }
}
