package io.github.matrixbackprop.kernel;

/**
 * The innermost loop of a float32 product: {@code C += A_panel B_panel} for one
 * {@code mr() x nr()} tile of float32 values, as {@link MicroKernel} is for float64.
 */
public interface FloatMicroKernel {

    /**
     * The tile's height.
     *
     * @return {@code MR}, the rows of a tile
     */
    int mr();

    /**
     * The tile's width.
     *
     * @return {@code NR}, the columns of a tile
     */
    int nr();

    /**
     * A short name for reports, e.g. {@code "vector float 5x16"}.
     *
     * @return the name
     */
    String name();

    /**
     * Adds the product of an {@code MR x kc} panel of A and a {@code kc x NR} panel of B to a tile
     * of C: {@code c[co + r ldc + j] += sum_p a[ao + p MR + r] b[bo + p NR + j]}, the sum over
     * {@code p} in increasing order, in float32.
     *
     * @param kc steps of the inner dimension
     * @param a packed A, {@code MR} values per step; not modified
     * @param ao the offset of the panel in {@code a}
     * @param b packed B, {@code NR} values per step; not modified
     * @param bo the offset of the panel in {@code b}
     * @param c the tile's array; modified
     * @param co the offset of the tile's first element
     * @param ldc the distance between rows of the tile
     */
    void multiplyAdd(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc);
}
