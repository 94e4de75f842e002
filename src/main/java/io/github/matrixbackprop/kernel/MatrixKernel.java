package io.github.matrixbackprop.kernel;

import org.ejml.data.DMatrixRMaj;

/**
 * The matrix products the backpropagation engine needs, behind one small seam, so that
 * a faster implementation can replace the portable one without touching the engine.
 *
 * <p>The three products of one training step (math.md, "Three matrix products per layer"):
 * forward {@code Z = W A} ({@link #mult}), backward {@code W^T Delta} ({@link #multTransA})
 * and gradient {@code Delta A^T} ({@link #multTransB}).
 *
 * <p>Contract of every method: {@code c} is overwritten (never accumulated into) and must
 * already have the result's shape; {@code c} must not share its array with {@code a} or
 * {@code b}; {@code a} and {@code b} are not modified. For fixed inputs, a kernel returns
 * bit-identical results on every call (its summation order does not depend on timing or
 * scheduling). Implementations are stateless and safe to share between threads.
 */
public interface MatrixKernel {

    /**
     * A short name for logs and benchmark tables.
     *
     * @return the kernel's name
     */
    String name();

    /**
     * Computes {@code c = a b}; {@code a} is {@code m x k}, {@code b} is {@code k x n}, {@code c} is {@code m
     * x n}.
     *
     * @param a the left factor; not modified
     * @param b the right factor; not modified
     * @param c receives the product; must not be {@code a} or {@code b}
     */
    void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /**
     * Computes {@code c = a^T b}; {@code a} is {@code k x m}, {@code b} is {@code k x n}, {@code c} is {@code
     * m x n}.
     *
     * @param a the left factor, used transposed; not modified
     * @param b the right factor; not modified
     * @param c receives the product; must not be {@code a} or {@code b}
     */
    void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /**
     * Computes {@code c = a b^T}; {@code a} is {@code m x k}, {@code b} is {@code n x k}, {@code c} is {@code
     * m x n}.
     *
     * @param a the left factor; not modified
     * @param b the right factor, used transposed; not modified
     * @param c receives the product; must not be {@code a} or {@code b}
     */
    void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /**
     * The precision of this kernel's products; the matrices are float64 in either case.
     *
     * @return {@link Precision#FLOAT64} unless the kernel says otherwise
     */
    default Precision precision() {
        return Precision.FLOAT64;
    }
}
