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

    private final Panels panels;
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
        this(new DoublePanels(Checks.notNull(micro, "micro-kernel")), threads);
    }

    /**
     * A float32 kernel on {@code micro} (see {@link Precision#FLOAT32}), threaded as
     * {@link #PackedKernel(MicroKernel, int)}.
     *
     * @param micro the float32 micro-kernel
     * @param threads the number of threads, in {@code [1, }{@value #MAX_THREADS}{@code ]}
     * @throws IllegalArgumentException if {@code threads} is outside that range
     */
    public PackedKernel(FloatMicroKernel micro, int threads) {
        this(new FloatPanels(Checks.notNull(micro, "micro-kernel")), threads);
    }

    private PackedKernel(Panels panels, int threads) {
        this.panels = panels;
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
     * The name of the micro-kernel, e.g. {@code "vector 5x8"}.
     *
     * @return the micro-kernel's name
     */
    public String microKernelName() {
        return panels.name();
    }

    @Override
    public Precision precision() {
        return panels.precision();
    }

    @Override
    public String name() {
        return panels.name() + ", " + threads + (threads == 1 ? " thread" : " threads");
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
            panels.direct(ta, tb, a, b, c, k);
            return;
        }
        int mr = panels.mr();
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

    /** Rows {@code [r0, r1)} of {@code c = op(a) op(b)}. */
    private void compute(boolean ta, boolean tb, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int k, int r0, int r1) {
        int n = c.numCols;
        double[] cd = c.data;
        if (k == 0 || n == 0 || r0 == r1) {
            Arrays.fill(cd, r0 * n, r1 * n, 0.0);
            return;
        }
        int mr = panels.mr();
        int nr = panels.nr();
        int nPanels = (n + nr - 1) / nr;
        int kcMax = Math.min(KC, k);
        Panels.Workspace w = panels.workspace(nPanels * nr * kcMax, ((MC + mr - 1) / mr + 1) * mr * kcMax);
        // row blocks of equal size (a multiple of MR, at most MC), so no block is a thin leftover
        int blocks = (r1 - r0 + MC - 1) / MC;
        int mcStep = ((r1 - r0 + blocks - 1) / blocks + mr - 1) / mr * mr;
        w.start(cd, r0, r1, n);
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            w.packB(tb, b, pc, kc, n);
            for (int ic = r0; ic < r1; ic += mcStep) {
                int mc = Math.min(mcStep, r1 - ic);
                int mPanels = (mc + mr - 1) / mr;
                w.packA(ta, a, ic, mc, pc, kc);
                for (int jp = 0; jp < nPanels; jp++) {
                    int j0 = jp * nr;
                    int nw = Math.min(nr, n - j0);
                    int bo = jp * nr * kc;
                    for (int ip = 0; ip < mPanels; ip++) {
                        int i0 = ic + ip * mr;
                        int mh = Math.min(mr, ic + mc - i0);
                        w.multiplyAdd(kc, ip * mr * kc, bo, cd, i0 * n + j0, n, mh, nw);
                    }
                }
            }
        }
        w.finish(cd, r0, r1, n);
    }
}
