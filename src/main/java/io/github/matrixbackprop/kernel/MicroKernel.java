package io.github.matrixbackprop.kernel;

/**
 * The innermost block of the packed product: {@code C[MR x NR] += Apanel · Bpanel} over
 * {@code kc} steps, where the packed A panel holds, for each step {@code p}, the {@code MR}
 * values {@code A[i][p]} of its rows, and the packed B panel the {@code NR} values
 * {@code B[p][j]} of its columns. Implementations keep the {@code MR x NR} accumulators in
 * registers and sum over {@code p} in increasing order.
 */
public interface MicroKernel {

    /**
     * Rows of the block.
     *
     * @return {@code MR}
     */
    int mr();

    /**
     * Columns of the block.
     *
     * @return {@code NR}
     */
    int nr();

    /**
     * A short name for logs and benchmark tables.
     *
     * @return the micro-kernel's name
     */
    String name();

    /**
     * {@code c[co + r*ldc + j] += sum_p a[ao + p*MR + r] * b[bo + p*NR + j]} for {@code r < MR},
     * {@code j < NR}, {@code p < kc}.
     *
     * @param kc the depth of the block product
     * @param a the packed left panel, {@code MR} values per {@code p}
     * @param ao offset of the panel in {@code a}
     * @param b the packed right panel, {@code NR} values per {@code p}
     * @param bo offset of the panel in {@code b}
     * @param c the output array, row-major; the block is added to
     * @param co offset of the block's first element in {@code c}
     * @param ldc the row stride of {@code c}
     */
    void multiplyAdd(int kc, double[] a, int ao, double[] b, int bo, double[] c, int co, int ldc);
}
