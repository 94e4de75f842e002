package io.github.matrixbackprop.data;

/**
 * The contents of an IDX file: its dimensions and its values in row-major order, as doubles.
 *
 * @param dimensions the sizes, outermost first (e.g. {@code [60000, 28, 28]})
 * @param values     every element, row-major; not copied
 */
public record IdxArray(int[] dimensions, double[] values) {

    /**
     * The number of items: the first dimension.
     *
     * @return the size of the first dimension
     */
    public int count() {
        return dimensions[0];
    }

    /**
     * The number of values per item: the product of the other dimensions.
     *
     * @return the product of the other dimensions (1 for a one-dimensional array)
     */
    public int itemSize() {
        int n = 1;
        for (int i = 1; i < dimensions.length; i++) {
            n *= dimensions[i];
        }
        return n;
    }
}
