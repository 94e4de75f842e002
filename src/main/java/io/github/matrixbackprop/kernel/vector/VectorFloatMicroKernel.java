package io.github.matrixbackprop.kernel.vector;

import io.github.matrixbackprop.kernel.FloatMicroKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast float32 micro-kernel on the JDK Vector API: a 5 x 16 block held in ten 256-bit
 * registers (two 8-float vectors per row), one broadcast and two fused multiply-adds per row and
 * step: the float64 kernel's shape ({@link VectorMicroKernel}) with twice the lanes.
 *
 * <p>Loaded only when the JVM was started with {@code --add-modules jdk.incubator.vector}.
 */
public final class VectorFloatMicroKernel implements FloatMicroKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    /** Public for reflective loading by {@code Kernels}. */
    public VectorFloatMicroKernel() {
    }

    @Override
    public int mr() {
        return 5;
    }

    @Override
    public int nr() {
        return 16;
    }

    @Override
    public String name() {
        return "vector float 5x16";
    }

    @Override
    public void multiplyAdd(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc) {
        if (ao + 5L * kc > a.length || bo + 16L * kc > b.length || co + 4L * ldc + 16 > c.length) {
            throw new IndexOutOfBoundsException("packed panel or tile out of range");
        }
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        int end = ao + 5 * kc;
        for (int ap = ao, bp = bo; ap < end; ap += 5, bp += 16) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + 8);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
        }
        c00.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        c01.add(FloatVector.fromArray(S, c, co + 8)).intoArray(c, co + 8);
        int r1 = co + ldc;
        c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
        c11.add(FloatVector.fromArray(S, c, r1 + 8)).intoArray(c, r1 + 8);
        int r2 = co + 2 * ldc;
        c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
        c21.add(FloatVector.fromArray(S, c, r2 + 8)).intoArray(c, r2 + 8);
        int r3 = co + 3 * ldc;
        c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
        c31.add(FloatVector.fromArray(S, c, r3 + 8)).intoArray(c, r3 + 8);
        int r4 = co + 4 * ldc;
        c40.add(FloatVector.fromArray(S, c, r4)).intoArray(c, r4);
        c41.add(FloatVector.fromArray(S, c, r4 + 8)).intoArray(c, r4 + 8);
    }
}
