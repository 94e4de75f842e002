package io.github.matrixbackprop.kernel;

/**
 * The portable micro-kernel: a 4 x 4 block with its 16 accumulators in local variables, plain
 * scalar multiply-adds (no vector instructions needed, any JVM).
 */
final class ScalarMicroKernel implements MicroKernel {

    static final ScalarMicroKernel INSTANCE = new ScalarMicroKernel();

    private ScalarMicroKernel() {
    }

    @Override
    public int mr() {
        return 4;
    }

    @Override
    public int nr() {
        return 4;
    }

    @Override
    public String name() {
        return "scalar 4x4";
    }

    @Override
    public void multiplyAdd(int kc, double[] a, int ao, double[] b, int bo, double[] c, int co, int ldc) {
        if (ao + 4L * kc > a.length || bo + 4L * kc > b.length || co + 3L * ldc + 4 > c.length) {
            throw new IndexOutOfBoundsException("packed panel or tile out of range");
        }
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        int end = ao + 4 * kc;
        for (int ap = ao, bp = bo; ap < end; ap += 4, bp += 4) {
            double b0 = b[bp];
            double b1 = b[bp + 1];
            double b2 = b[bp + 2];
            double b3 = b[bp + 3];
            double a0 = a[ap];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            double a1 = a[ap + 1];
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            double a2 = a[ap + 2];
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            double a3 = a[ap + 3];
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        int r = co;
        c[r] += c00; c[r + 1] += c01; c[r + 2] += c02; c[r + 3] += c03;
        r += ldc;
        c[r] += c10; c[r + 1] += c11; c[r + 2] += c12; c[r + 3] += c13;
        r += ldc;
        c[r] += c20; c[r + 1] += c21; c[r + 2] += c22; c[r + 3] += c23;
        r += ldc;
        c[r] += c30; c[r + 1] += c31; c[r + 2] += c32; c[r + 3] += c33;
    }
}
