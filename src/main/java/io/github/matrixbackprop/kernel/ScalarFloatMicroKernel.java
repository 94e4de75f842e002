package io.github.matrixbackprop.kernel;

/** The portable float32 micro-kernel: a 4 x 4 tile in locals, as {@link ScalarMicroKernel}. */
final class ScalarFloatMicroKernel implements FloatMicroKernel {

    static final ScalarFloatMicroKernel INSTANCE = new ScalarFloatMicroKernel();

    private ScalarFloatMicroKernel() {
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
        return "scalar float 4x4";
    }

    @Override
    public void multiplyAdd(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc) {
        if (ao + 4L * kc > a.length || bo + 4L * kc > b.length || co + 3L * ldc + 4 > c.length) {
            throw new IndexOutOfBoundsException("packed panel or tile out of range");
        }
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++) {
            int ap = ao + 4 * p;
            int bp = bo + 4 * p;
            float b0 = b[bp];
            float b1 = b[bp + 1];
            float b2 = b[bp + 2];
            float b3 = b[bp + 3];
            float x = a[ap];
            c00 += x * b0;
            c01 += x * b1;
            c02 += x * b2;
            c03 += x * b3;
            x = a[ap + 1];
            c10 += x * b0;
            c11 += x * b1;
            c12 += x * b2;
            c13 += x * b3;
            x = a[ap + 2];
            c20 += x * b0;
            c21 += x * b1;
            c22 += x * b2;
            c23 += x * b3;
            x = a[ap + 3];
            c30 += x * b0;
            c31 += x * b1;
            c32 += x * b2;
            c33 += x * b3;
        }
        c[co] += c00;
        c[co + 1] += c01;
        c[co + 2] += c02;
        c[co + 3] += c03;
        c[co + ldc] += c10;
        c[co + ldc + 1] += c11;
        c[co + ldc + 2] += c12;
        c[co + ldc + 3] += c13;
        c[co + 2 * ldc] += c20;
        c[co + 2 * ldc + 1] += c21;
        c[co + 2 * ldc + 2] += c22;
        c[co + 2 * ldc + 3] += c23;
        c[co + 3 * ldc] += c30;
        c[co + 3 * ldc + 1] += c31;
        c[co + 3 * ldc + 2] += c32;
        c[co + 3 * ldc + 3] += c33;
    }
}
