package io.github.matrixbackprop.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.matrixbackprop.TestNets;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Float32 products: the float32-rounded operands' exact product, to float32 rounding; any thread count, same bits. */
class FloatKernelTest {

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (MatrixKernel k : new MatrixKernel[] {Kernels.withThreads(1, Precision.FLOAT32),
            Kernels.withThreads(3, Precision.FLOAT32), Kernels.scalar(1, Precision.FLOAT32)}) {
            for (int m : new int[] {1, 7, 17, 129}) {
                for (int n : new int[] {1, 16, 33}) {
                    for (int p : new int[] {1, 3, 257, 600}) {
                        b.add(Arguments.of(k, m, p, n));
                    }
                }
            }
        }
        return b.build();
    }

    /** The product of the operands rounded to float32, summed in float64: what float32 products approximate. */
    private static double reference(DMatrixRMaj a, boolean ta, DMatrixRMaj b, boolean tb, int i, int j, int k) {
        double s = 0;
        for (int q = 0; q < k; q++) {
            double x = (float) (ta ? a.get(q, i) : a.get(i, q));
            double y = (float) (tb ? b.get(j, q) : b.get(q, j));
            s += x * y;
        }
        return s;
    }

    @ParameterizedTest(name = "{0} {1}x{2} * {2}x{3}")
    @MethodSource("cases")
    void everyOrientationMatchesTheRoundedOperandsProduct(MatrixKernel kernel, int m, int k, int n) {
        assertEquals(Precision.FLOAT32, kernel.precision());
        SplittableRandom rnd = new SplittableRandom(m * 1000 + k * 10 + n);
        DMatrixRMaj a = TestNets.uniform(rnd, m, k, -1, 1);
        DMatrixRMaj at = TestNets.uniform(rnd, k, m, -1, 1);
        DMatrixRMaj b = TestNets.uniform(rnd, k, n, -1, 1);
        DMatrixRMaj bt = TestNets.uniform(rnd, n, k, -1, 1);
        // every sum runs in float32: error below about k * 2^-24 for |a|,|b| < 1
        double tol = 2 * k * Math.ulp(1.0f);
        DMatrixRMaj c = new DMatrixRMaj(m, n);
        kernel.mult(a, b, c);
        check(c, a, false, b, false, k, tol);
        kernel.multTransA(at, b, c);
        check(c, at, true, b, false, k, tol);
        kernel.multTransB(a, bt, c);
        check(c, a, false, bt, true, k, tol);
    }

    private static void check(DMatrixRMaj c, DMatrixRMaj a, boolean ta, DMatrixRMaj b, boolean tb, int k, double tol) {
        for (int i = 0; i < c.numRows; i++) {
            for (int j = 0; j < c.numCols; j++) {
                assertEquals(reference(a, ta, b, tb, i, j, k), c.get(i, j), tol, "element (" + i + "," + j + ")");
            }
        }
    }

    @Test
    void float32DiffersFromFloat64AsFloat32RoundingDoes() {
        DMatrixRMaj a = TestNets.uniform(new SplittableRandom(1), 60, 300, -1, 1);
        DMatrixRMaj b = TestNets.uniform(new SplittableRandom(2), 300, 40, -1, 1);
        DMatrixRMaj c64 = new DMatrixRMaj(60, 40);
        DMatrixRMaj c32 = new DMatrixRMaj(60, 40);
        Kernels.withThreads(1).mult(a, b, c64);
        Kernels.withThreads(1, Precision.FLOAT32).mult(a, b, c32);
        double max = 0;
        for (int i = 0; i < c64.getNumElements(); i++) {
            max = Math.max(max, Math.abs(c64.data[i] - c32.data[i]));
        }
        // really float32: not the float64 result, but within float32 rounding of it
        assertEquals(true, max > 1e-9, "max difference " + max);
        assertEquals(true, max < 600 * Math.ulp(1.0f), "max difference " + max);
    }

    @Test
    void everyThreadCountGivesTheSameBits() {
        DMatrixRMaj a = TestNets.uniform(new SplittableRandom(3), 301, 517, -1, 1);
        DMatrixRMaj b = TestNets.uniform(new SplittableRandom(4), 517, 77, -1, 1);
        DMatrixRMaj one = new DMatrixRMaj(301, 77);
        Kernels.withThreads(1, Precision.FLOAT32).mult(a, b, one);
        for (int t = 2; t <= 4; t++) {
            DMatrixRMaj c = new DMatrixRMaj(301, 77);
            Kernels.withThreads(t, Precision.FLOAT32).mult(a, b, c);
            assertArrayEquals(one.data, c.data, 0.0, t + " threads");
        }
    }

    @Test
    void theFastFloatKernelIsUsedExactlyWhenTheModuleIsPresent() {
        boolean expected = Boolean.parseBoolean(System.getProperty("matrixbackprop.expect.vector", "true"));
        assertEquals(expected ? "vector float 5x16" : "scalar float 4x4", Kernels.fastestFloatMicroKernel().name());
        assertEquals(Precision.FLOAT64, Kernels.withThreads(1).precision());
    }
}
