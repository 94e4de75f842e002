package io.github.matrixbackprop.kernel;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/** Float32 panels around a {@link FloatMicroKernel}: the operands are rounded to float32 as they
 * are packed, each tile is summed in float32 and then added into the float64 result. */
final class FloatPanels implements Panels {

    private final FloatMicroKernel micro;
    private final ThreadLocal<Work> work;

    FloatPanels(FloatMicroKernel micro) {
        this.micro = micro;
        this.work = ThreadLocal.withInitial(Work::new);
    }

    @Override
    public int mr() {
        return micro.mr();
    }

    @Override
    public int nr() {
        return micro.nr();
    }

    @Override
    public String name() {
        return micro.name();
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT32;
    }

    @Override
    public void direct(boolean ta, boolean tb, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int k) {
        int m = c.numRows;
        int n = c.numCols;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        int lda = a.numCols;
        int ldb = b.numCols;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0.0f;
                for (int p = 0; p < k; p++) {
                    float x = (float) (ta ? ad[p * lda + i] : ad[i * lda + p]);
                    float y = (float) (tb ? bd[j * ldb + p] : bd[p * ldb + j]);
                    s += x * y;
                }
                cd[i * n + j] = s;
            }
        }
    }

    @Override
    public Workspace workspace(int bSize, int aSize) {
        Work w = work.get();
        w.b = w.b.length >= bSize ? w.b : new float[bSize];
        w.a = w.a.length >= aSize ? w.a : new float[aSize];
        int tile = micro.mr() * micro.nr();
        w.tile = w.tile.length >= tile ? w.tile : new float[tile];
        return w;
    }

    private final class Work implements Workspace {
        float[] a = new float[0];
        float[] b = new float[0];
        float[] tile = new float[0];
        /** The float32 accumulator of rows [base / n, ...) of the product. */
        float[] acc = new float[0];
        int base;

        @Override
        public void start(double[] c, int r0, int r1, int n) {
            // c is written whole by finish; the sums run in acc
            int size = (r1 - r0) * n;
            acc = acc.length >= size ? acc : new float[size];
            Arrays.fill(acc, 0, size, 0.0f);
            base = r0 * n;
        }

        @Override
        public void finish(double[] c, int r0, int r1, int n) {
            int size = (r1 - r0) * n;
            for (int i = 0; i < size; i++) {
                c[base + i] = acc[i];
            }
        }

        @Override
        public void multiplyAdd(int kc, int ao, int bo, double[] c, int co, int ldc, int mh, int nw) {
            int mr = micro.mr();
            int nr = micro.nr();
            int at = co - base;
            if (mh == mr && nw == nr) {
                micro.multiplyAdd(kc, a, ao, b, bo, acc, at, ldc);
                return;
            }
            Arrays.fill(tile, 0, mr * nr, 0.0f);
            micro.multiplyAdd(kc, a, ao, b, bo, tile, 0, nr);
            for (int r = 0; r < mh; r++) {
                int row = at + r * ldc;
                for (int j = 0; j < nw; j++) {
                    acc[row + j] += tile[r * nr + j];
                }
            }
        }

        @Override
        public void packB(boolean tb, DMatrixRMaj bm, int pc, int kc, int n) {
            int nr = micro.nr();
            int nPanels = (n + nr - 1) / nr;
            double[] bd = bm.data;
            float[] out = b;
            if (!tb) {
                // b is k x n, row-major: row pc+p is contiguous
                for (int p = 0; p < kc; p++) {
                    int src = (pc + p) * n;
                    for (int jp = 0; jp < nPanels; jp++) {
                        int dst = (jp * kc + p) * nr;
                        int j0 = jp * nr;
                        int w = Math.min(nr, n - j0);
                        for (int j = 0; j < w; j++) {
                            out[dst + j] = (float) bd[src + j0 + j];
                        }
                        for (int z = w; z < nr; z++) {
                            out[dst + z] = 0.0f;
                        }
                    }
                }
            } else {
                // b is n x k: op(b)[p][j] = b[j][p]; read nr rows of b side by side, write contiguously
                int ldb = bm.numCols;
                for (int jp = 0; jp < nPanels; jp++) {
                    int j0 = jp * nr;
                    int w = Math.min(nr, n - j0);
                    int dst = jp * kc * nr;
                    for (int p = 0; p < kc; p++) {
                        int src = j0 * ldb + pc + p;
                        for (int j = 0; j < w; j++) {
                            out[dst + j] = (float) bd[src + j * ldb];
                        }
                        for (int z = w; z < nr; z++) {
                            out[dst + z] = 0.0f;
                        }
                        dst += nr;
                    }
                }
            }
        }

        @Override
        public void packA(boolean ta, DMatrixRMaj am, int ic, int mc, int pc, int kc) {
            int mr = micro.mr();
            int mPanels = (mc + mr - 1) / mr;
            double[] ad = am.data;
            float[] out = a;
            int lda = am.numCols;
            if (!ta) {
                // a is m x k: read mr rows of a side by side, write each panel contiguously
                for (int ip = 0; ip < mPanels; ip++) {
                    int i0 = ic + ip * mr;
                    int h = Math.min(mr, ic + mc - i0);
                    int dst = ip * mr * kc;
                    int src = i0 * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        for (int r = 0; r < h; r++) {
                            out[dst + r] = (float) ad[src + r * lda + p];
                        }
                        for (int z = h; z < mr; z++) {
                            out[dst + z] = 0.0f;
                        }
                        dst += mr;
                    }
                }
            } else {
                // a is k x m: op(a)[i][p] = a[p][i]; row p of a is contiguous in i
                for (int p = 0; p < kc; p++) {
                    int src = (pc + p) * lda + ic;
                    for (int ip = 0; ip < mPanels; ip++) {
                        int dst = ip * mr * kc + p * mr;
                        int h = Math.min(mr, mc - ip * mr);
                        for (int r = 0; r < h; r++) {
                            out[dst + r] = (float) ad[src + ip * mr + r];
                        }
                        for (int z = h; z < mr; z++) {
                            out[dst + z] = 0.0f;
                        }
                    }
                }
            }
        }
    }
}
