package io.github.matrixbackprop.kernel;

import org.ejml.data.DMatrixRMaj;

/**
 * How {@link PackedKernel} stores and multiplies its packed panels: in float64
 * ({@link DoublePanels}) or float32 ({@link FloatPanels}). The blocking, the threads and the
 * order of every sum are the driver's, the same for both.
 */
interface Panels {

    /** The height of a tile (rows of an A panel). */
    int mr();

    /** The width of a tile (columns of a B panel). */
    int nr();

    /** The micro-kernel's name. */
    String name();

    /** The precision of the products. */
    Precision precision();

    /**
     * Tiny products without packing: {@code c[i][j] = sum_p op(a)[i][p] op(b)[p][j]}, summed over
     * {@code p} in increasing order, in this precision.
     */
    void direct(boolean ta, boolean tb, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int k);

    /** This thread's buffers, grown to hold {@code bSize} packed B values and {@code aSize} packed A values. */
    Workspace workspace(int bSize, int aSize);

    /** One thread's packed panels and the operations on them. */
    interface Workspace {

        /** Starts rows {@code [r0, r1)} of a product into {@code c} ({@code n} columns): sets them to 0. */
        void start(double[] c, int r0, int r1, int n);

        /** Ends rows {@code [r0, r1)} of the product: whatever is kept aside goes into {@code c}. */
        void finish(double[] c, int r0, int r1, int n);

        /** Packs steps {@code pc..pc+kc} of {@code op(b)} ({@code k x n}) into zero-padded panels of NR columns. */
        void packB(boolean tb, DMatrixRMaj b, int pc, int kc, int n);

        /** Packs rows {@code ic..ic+mc}, steps {@code pc..pc+kc} of {@code op(a)} into zero-padded panels of MR rows. */
        void packA(boolean ta, DMatrixRMaj a, int ic, int mc, int pc, int kc);

        /**
         * Adds the product of the A panel at {@code ao} and the B panel at {@code bo} to the
         * {@code mh x nw} tile of the product at element {@code co} of {@code c} (rows {@code ldc}
         * apart), or to this workspace's own accumulator for those elements.
         */
        void multiplyAdd(int kc, int ao, int bo, double[] c, int co, int ldc, int mh, int nw);
    }
}
