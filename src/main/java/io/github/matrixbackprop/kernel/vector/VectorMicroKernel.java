package io.github.matrixbackprop.kernel.vector;

import io.github.matrixbackprop.kernel.MicroKernel;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast micro-kernel on the JDK Vector API: a 5 x 8 block held in ten 256-bit registers
 * (two 4-double vectors per row), one broadcast and two fused multiply-adds per row and step,
 * which keeps both FMA units of an AVX2 core busy.
 *
 * <p>Why 5 rows, not BLIS's 6: AVX2 has 16 vector registers. A 6 x 8 block needs twelve
 * accumulators and two B vectors, which leaves two for the broadcasts of A. C2 in JDK 17 keeps
 * to two; C2 in JDK 25 schedules three broadcasts at once and spills an accumulator to the stack
 * in every step (a store and a load in its dependency chain), which halves the kernel's speed
 * there (docs/performance.md has the disassembly). Ten accumulators leave four registers for
 * broadcasts, so no JDK spills, and the 5 x 8 block runs at the 6 x 8 block's speed on JDK 17.
 * The results are bit-identical whatever the block: every element is summed over the same
 * steps in the same order.
 *
 * <p>Loaded only when the JVM was started with {@code --add-modules jdk.incubator.vector}
 * (see {@code Kernels}); never referenced otherwise.
 */
public final class VectorMicroKernel implements MicroKernel {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

    /** Public for reflective loading by {@code Kernels}. */
    public VectorMicroKernel() {
    }

    @Override
    public int mr() {
        return 5;
    }

    @Override
    public int nr() {
        return 8;
    }

    @Override
    public String name() {
        return "vector 5x8";
    }

    @Override
    public void multiplyAdd(int kc, double[] a, int ao, double[] b, int bo, double[] c, int co, int ldc) {
        if (ao + 5L * kc > a.length || bo + 8L * kc > b.length || co + 4L * ldc + 8 > c.length) {
            throw new IndexOutOfBoundsException("packed panel or tile out of range");
        }
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        DoubleVector c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S);
        DoubleVector c41 = DoubleVector.zero(S);
        int end = ao + 5 * kc;
        for (int ap = ao, bp = bo; ap < end; ap += 5, bp += 8) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + 4);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[ap + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
        }
        int r0 = co;
        c00.add(DoubleVector.fromArray(S, c, r0)).intoArray(c, r0);
        c01.add(DoubleVector.fromArray(S, c, r0 + 4)).intoArray(c, r0 + 4);
        int r1 = co + ldc;
        c10.add(DoubleVector.fromArray(S, c, r1)).intoArray(c, r1);
        c11.add(DoubleVector.fromArray(S, c, r1 + 4)).intoArray(c, r1 + 4);
        int r2 = co + 2 * ldc;
        c20.add(DoubleVector.fromArray(S, c, r2)).intoArray(c, r2);
        c21.add(DoubleVector.fromArray(S, c, r2 + 4)).intoArray(c, r2 + 4);
        int r3 = co + 3 * ldc;
        c30.add(DoubleVector.fromArray(S, c, r3)).intoArray(c, r3);
        c31.add(DoubleVector.fromArray(S, c, r3 + 4)).intoArray(c, r3 + 4);
        int r4 = co + 4 * ldc;
        c40.add(DoubleVector.fromArray(S, c, r4)).intoArray(c, r4);
        c41.add(DoubleVector.fromArray(S, c, r4 + 4)).intoArray(c, r4 + 4);
    }
}
