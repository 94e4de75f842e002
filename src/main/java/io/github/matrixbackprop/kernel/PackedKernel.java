package io.github.matrixbackprop.kernel;

import io.github.matrixbackprop.util.Checks;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * A cache-blocked, packed matrix product around a {@link MicroKernel}, in the GotoBLAS layout:
 * for each block of {@value #KC} steps of the inner dimension, the B block is packed into
 * column panels of the micro-kernel's width, and each block of {@value #MC} rows of A into row
 * panels of its height; the micro-kernel then multiplies panel by panel. Packing reads the
 * operands in whichever orientation the product needs, so {@code A^T B} and {@code A B^T} cost
 * the same as {@code A B}.
 *
 * <p>Threads: the rows of the result are split into fixed partitions (one per thread, aligned to
 * the micro-kernel's height), each computed entirely by one thread. Every element of the result
 * is summed in the same order whatever the number of threads or the partition it falls in, so
 * results are bit-identical for every thread count. Products below {@value #PARALLEL_MIN_FLOPS}
 * flops run on the calling thread.
 *
 * <p>Packing buffers are kept per thread and grown on demand, so steady-state products allocate
 * nothing. Safe to share: calls from several threads are serialised when the kernel has
 * worker threads, and run independently when it has none.
 */
public final class PackedKernel implements MatrixKernel {

    /** Inner-dimension block: a packed B panel ({@code KC x NR}) stays in L1. */
    static final int KC = 256;
    /** Row block: a packed A block ({@code MC x KC}) stays in L2. */
    static final int MC = 120;
    /** Products smaller than this many flops are not split across threads. */
    static final double PARALLEL_MIN_FLOPS = 2e6;
    /** Products with {@code m n k} at most this are computed directly, without packing. */
    static final long DIRECT_MAX_MNK = 16L * 16 * 16;

    private static final class Buffers {
        double[] a = new double[0];
        double[] b = new double[0];
        double[] tile = new double[0];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private final MicroKernel micro;
    private final int threads;
    private final WorkerPool pool;
    private final Task task = new Task();

    /** The most threads a kernel may use. */
    public static final int MAX_THREADS = 512;

    /**
     * A kernel on {@code micro} that splits large products over {@code threads} threads
     * ({@code threads - 1} daemon workers plus the caller). Workers start on the first product that
     * needs them and end after 5 seconds without work, so a kernel needs no closing; a worker the
     * JVM cannot start leaves its part to the calling thread, with the same result.
     *
     * @param micro the micro-kernel
     * @param threads the number of threads, in {@code [1, }{@value #MAX_THREADS}{@code ]}
     * @throws IllegalArgumentException if {@code threads} is outside that range
     */
    public PackedKernel(MicroKernel micro, int threads) {
        this.micro = Checks.notNull(micro, "micro-kernel");
        this.threads = Checks.positive(threads, "threads");
        if (threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be at most " + MAX_THREADS + " but was " + threads);
        }
        this.pool = threads > 1 ? new WorkerPool(threads, "matrix-backprop-kernel") : null;
    }

    /**
     * The number of threads a large product uses.
     *
     * @return the number of threads
     */
    public int threads() {
        return threads;
    }

    /**
     * The micro-kernel.
     *
     * @return the micro-kernel
     */
    public MicroKernel microKernel() {
        return micro;
    }

    @Override
    public String name() {
        return micro.name() + ", " + threads + (threads == 1 ? " thread" : " threads");
    }

    @Override
    public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        KernelChecks.product("mult", a, a.numRows, a.numCols, b, b.numRows, b.numCols, c);
        run(false, false, a, b, c, a.numCols);
    }

    @Override
    public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        KernelChecks.product("multTransA", a, a.numCols, a.numRows, b, b.numRows, b.numCols, c);
        run(true, false, a, b, c, a.numRows);
    }

    @Override
    public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        KernelChecks.product("multTransB", a, a.numRows, a.numCols, b, b.numCols, b.numRows, c);
        run(false, true, a, b, c, a.numCols);
    }

    /** The job of one parallel product: its operands and the partition of its rows. */
    private final class Task implements WorkerPool.Job {
        boolean ta;
        boolean tb;
        DMatrixRMaj a;
        DMatrixRMaj b;
        DMatrixRMaj c;
        int k;
        int chunk;

        @Override
        public void run(int part) {
            int from = part * chunk;
            int to = Math.min(c.numRows, from + chunk);
            if (from < to) {
                compute(ta, tb, a, b, c, k, from, to);
            }
        }
    }

    private void run(boolean ta, boolean tb, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int k) {
        int m = c.numRows;
        if ((long) m * c.numCols * k <= DIRECT_MAX_MNK) {
            direct(ta, tb, a, b, c, k);
            return;
        }
        int mr = micro.mr();
        int parts = 1;
        if (pool != null && 2.0 * m * c.numCols * k >= PARALLEL_MIN_FLOPS) {
            parts = Math.min(threads, (m + mr - 1) / mr);
        }
        if (parts == 1) {
            compute(ta, tb, a, b, c, k, 0, m);
            return;
        }
        int chunk = ((m + parts - 1) / parts + mr - 1) / mr * mr;
        synchronized (task) {
            task.ta = ta;
            task.tb = tb;
            task.a = a;
            task.b = b;
            task.c = c;
            task.k = k;
            task.chunk = chunk;
            try {
                pool.run(parts, task);
            } finally {
                task.a = null;
                task.b = null;
                task.c = null;
            }
        }
    }

    /**
     * Tiny products, where packing costs more than it saves: {@code c[i][j] = sum_p op(a)[i][p] op(b)[p][j]},
     * summed over {@code p} in increasing order.
     */
    private static void direct(boolean ta, boolean tb, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int k) {
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

    /** Rows {@code [r0, r1)} of {@code c = op(a) op(b)}. */
    private void compute(boolean ta, boolean tb, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int k, int r0, int r1) {
        int n = c.numCols;
        double[] cd = c.data;
        Arrays.fill(cd, r0 * n, r1 * n, 0.0);
        if (k == 0 || n == 0 || r0 == r1) {
            return;
        }
        int mr = micro.mr();
        int nr = micro.nr();
        int nPanels = (n + nr - 1) / nr;
        Buffers buf = BUFFERS.get();
        int kcMax = Math.min(KC, k);
        buf.b = grow(buf.b, nPanels * nr * kcMax);
        buf.a = grow(buf.a, ((MC + mr - 1) / mr + 1) * mr * kcMax);
        buf.tile = grow(buf.tile, mr * nr);
        double[] bp = buf.b;
        double[] ap = buf.a;
        double[] tile = buf.tile;
        // row blocks of equal size (a multiple of MR, at most MC), so no block is a thin leftover
        int blocks = (r1 - r0 + MC - 1) / MC;
        int mcStep = ((r1 - r0 + blocks - 1) / blocks + mr - 1) / mr * mr;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            packB(tb, b, pc, kc, n, nr, bp);
            for (int ic = r0; ic < r1; ic += mcStep) {
                int mc = Math.min(mcStep, r1 - ic);
                int mPanels = (mc + mr - 1) / mr;
                packA(ta, a, ic, mc, pc, kc, mr, ap);
                for (int jp = 0; jp < nPanels; jp++) {
                    int j0 = jp * nr;
                    int nw = Math.min(nr, n - j0);
                    int bo = jp * nr * kc;
                    for (int ip = 0; ip < mPanels; ip++) {
                        int i0 = ic + ip * mr;
                        int mh = Math.min(mr, ic + mc - i0);
                        int ao = ip * mr * kc;
                        if (mh == mr && nw == nr) {
                            micro.multiplyAdd(kc, ap, ao, bp, bo, cd, i0 * n + j0, n);
                        } else {
                            Arrays.fill(tile, 0, mr * nr, 0.0);
                            micro.multiplyAdd(kc, ap, ao, bp, bo, tile, 0, nr);
                            for (int r = 0; r < mh; r++) {
                                int row = (i0 + r) * n + j0;
                                for (int j = 0; j < nw; j++) {
                                    cd[row + j] += tile[r * nr + j];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Packs rows {@code pc..pc+kc} of {@code op(b)} (k x n) into panels of {@code nr} columns, zero-padded. */
    private static void packB(boolean tb, DMatrixRMaj b, int pc, int kc, int n, int nr, double[] out) {
        int nPanels = (n + nr - 1) / nr;
        double[] bd = b.data;
        if (!tb) {
            // b is k x n, row-major: row pc+p is contiguous
            for (int p = 0; p < kc; p++) {
                int src = (pc + p) * n;
                for (int jp = 0; jp < nPanels; jp++) {
                    int dst = (jp * kc + p) * nr;
                    int j0 = jp * nr;
                    int w = Math.min(nr, n - j0);
                    System.arraycopy(bd, src + j0, out, dst, w);
                    for (int j = w; j < nr; j++) {
                        out[dst + j] = 0.0;
                    }
                }
            }
        } else {
            // b is n x k: op(b)[p][j] = b[j][p]; read nr rows of b side by side, write contiguously
            int ldb = b.numCols;
            for (int jp = 0; jp < nPanels; jp++) {
                int j0 = jp * nr;
                int w = Math.min(nr, n - j0);
                int dst = jp * kc * nr;
                for (int p = 0; p < kc; p++) {
                    int src = j0 * ldb + pc + p;
                    for (int j = 0; j < w; j++) {
                        out[dst + j] = bd[src + j * ldb];
                    }
                    for (int j = w; j < nr; j++) {
                        out[dst + j] = 0.0;
                    }
                    dst += nr;
                }
            }
        }
    }

    /** Packs rows {@code ic..ic+mc}, steps {@code pc..pc+kc} of {@code op(a)} into panels of {@code mr} rows. */
    private static void packA(boolean ta, DMatrixRMaj a, int ic, int mc, int pc, int kc, int mr, double[] out) {
        int mPanels = (mc + mr - 1) / mr;
        double[] ad = a.data;
        if (!ta) {
            // a is m x k: read mr rows of a side by side, write each panel contiguously
            int lda = a.numCols;
            for (int ip = 0; ip < mPanels; ip++) {
                int i0 = ic + ip * mr;
                int h = Math.min(mr, ic + mc - i0);
                int dst = ip * mr * kc;
                int src = i0 * lda + pc;
                for (int p = 0; p < kc; p++) {
                    for (int r = 0; r < h; r++) {
                        out[dst + r] = ad[src + r * lda + p];
                    }
                    for (int r = h; r < mr; r++) {
                        out[dst + r] = 0.0;
                    }
                    dst += mr;
                }
            }
        } else {
            // a is k x m: op(a)[i][p] = a[p][i]; row p of a is contiguous in i
            int lda = a.numCols;
            for (int p = 0; p < kc; p++) {
                int src = (pc + p) * lda + ic;
                for (int ip = 0; ip < mPanels; ip++) {
                    int dst = ip * mr * kc + p * mr;
                    int i0 = ip * mr;
                    int h = Math.min(mr, mc - i0);
                    System.arraycopy(ad, src + i0, out, dst, h);
                    for (int r = h; r < mr; r++) {
                        out[dst + r] = 0.0;
                    }
                }
            }
        }
    }

    private static double[] grow(double[] a, int size) {
        return a.length >= size ? a : new double[size];
    }
}
