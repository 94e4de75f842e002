package io.github.matrixbackprop.bench;

import io.github.matrixbackprop.kernel.MatrixKernel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matrix products (single thread unless {@code threads} says otherwise): {@code shape} is {@code op:m:k:n} for {@code C (m x n) = op(A) op(B)}
 * with inner dimension {@code k}; {@code nn} = {@code A B}, {@code tn} = {@code A^T B},
 * {@code nt} = {@code A B^T}. GFLOP/s = 2 m k n / (seconds per op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class KernelBenchmark {

    /** {@code op:m:k:n}: the square sizes and the three products of the 784-256-256-10 step at batch 128. */
    @Param({"nn:256:256:256", "nn:512:512:512", "nn:256:784:128", "tn:256:256:128", "nt:256:128:784"})
    public String shape;

    /** vector, scalar or ejml. */
    @Param({"vector", "scalar", "ejml"})
    public String kernel;

    /** {@code float64} (the default) or {@code float32} products. */
    @Param({"float64"})
    public String precision;

    /** Threads of the packed kernels (EJML's is single-threaded). */
    @Param({"1"})
    public int threads;

    private MatrixKernel k;
    private DMatrixRMaj a;
    private DMatrixRMaj b;
    private DMatrixRMaj c;
    private String op;

    @Setup
    public void setUp() {
        String[] s = shape.split(":");
        op = s[0];
        int m = Integer.parseInt(s[1]);
        int kk = Integer.parseInt(s[2]);
        int n = Integer.parseInt(s[3]);
        SplittableRandom rnd = new SplittableRandom(3);
        a = op.equals("tn") ? random(kk, m, rnd) : random(m, kk, rnd);
        b = op.equals("nt") ? random(n, kk, rnd) : random(kk, n, rnd);
        c = new DMatrixRMaj(m, n);
        k = Mlp.kernel(kernel, threads, precision);
    }

    private static DMatrixRMaj random(int r, int cols, SplittableRandom rnd) {
        DMatrixRMaj m = new DMatrixRMaj(r, cols);
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] = rnd.nextDouble() - 0.5;
        }
        return m;
    }

    @Benchmark
    public DMatrixRMaj product() {
        switch (op) {
            case "nn" -> k.mult(a, b, c);
            case "tn" -> k.multTransA(a, b, c);
            default -> k.multTransB(a, b, c);
        }
        return c;
    }
}
