package io.github.matrixbackprop.kernel;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/** Float64 panels around a {@link MicroKernel}: full tiles go straight into C. */
final class DoublePanels implements Panels {

    private final MicroKernel micro;
    private final ThreadLocal<Work> work;

    DoublePanels(MicroKernel micro) {
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
        return Precision.FLOAT64;
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
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? ad[p * lda + i] : ad[i * lda + p];
                    double y = tb ? bd[j * ldb + p] : bd[p * ldb + j];
                    s += x * y;
                }
                cd[i * n + j] = s;
            }
        }
    }

    @Override
    public Workspace workspace(int bSize, int aSize) {
        Work w = work.get();
        w.b = w.b.length >= bSize ? w.b : new double[bSize];
        w.a = w.a.length >= aSize ? w.a : new double[aSize];
        int tile = micro.mr() * micro.nr();
        w.tile = w.tile.length >= tile ? w.tile : new double[tile];
        return w;
    }

    private final class Work implements Workspace {
        double[] a = new double[0];
        double[] b = new double[0];
        double[] tile = new double[0];

        @Override
        public void start(double[] c, int r0, int r1, int n) {
            Arrays.fill(c, r0 * n, r1 * n, 0.0); // full tiles then add straight into c
        }

        @Override
        public void finish(double[] c, int r0, int r1, int n) {
            // nothing kept aside
        }

        @Override
        public void multiplyAdd(int kc, int ao, int bo, double[] c, int co, int ldc, int mh, int nw) {
            int mr = micro.mr();
            int nr = micro.nr();
            if (mh == mr && nw == nr) {
                micro.multiplyAdd(kc, a, ao, b, bo, c, co, ldc);
                return;
            }
            Arrays.fill(tile, 0, mr * nr, 0.0);
            micro.multiplyAdd(kc, a, ao, b, bo, tile, 0, nr);
            for (int r = 0; r < mh; r++) {
                int row = co + r * ldc;
                for (int j = 0; j < nw; j++) {
                    c[row + j] += tile[r * nr + j];
                }
            }
        }

        @Override
        public void packB(boolean tb, DMatrixRMaj bm, int pc, int kc, int n) {
            int nr = micro.nr();
            int nPanels = (n + nr - 1) / nr;
            double[] bd = bm.data;
            double[] out = b;
            if (!tb) {
                // b is k x n, row-major: row pc+p is contiguous
                for (int p = 0; p < kc; p++) {
                    int src = (pc + p) * n;
                    for (int jp = 0; jp < nPanels; jp++) {
                        int dst = (jp * kc + p) * nr;
                        int j0 = jp * nr;
                        int w = Math.min(nr, n - j0);
                        System.arraycopy(bd, src + j0, out, dst, w);
                        for (int z = w; z < nr; z++) {
                            out[dst + z] = 0.0;
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
                            out[dst + j] = bd[src + j * ldb];
                        }
                        for (int z = w; z < nr; z++) {
                            out[dst + z] = 0.0;
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
            double[] out = a;
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
                            out[dst + r] = ad[src + r * lda + p];
                        }
                        for (int z = h; z < mr; z++) {
                            out[dst + z] = 0.0;
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
                        System.arraycopy(ad, src + ip * mr, out, dst, h);
                        for (int z = h; z < mr; z++) {
                            out[dst + z] = 0.0;
                        }
                    }
                }
            }
        }
    }
}
