package io.github.matrixbackprop.kernel;

/**
 * The precision of the matrix products. The math is written once: matrices, element-wise
 * passes and the optimizer stay in float64 in both modes, and only the products change.
 */
public enum Precision {

    /** Products in float64: the default, and the mode the PyTorch reference cases hold to 1e-10. */
    FLOAT64,

    /**
     * Products in float32: the operands are rounded to float32 as they are packed, every sum is
     * accumulated in float32 by an 8-lane float micro-kernel (as PyTorch's float32 products are),
     * and the result is widened into the float64 matrix. Gradients agree with float64 to a
     * relative {@code 1e-4} (see docs/performance.md for the stated tolerances).
     */
    FLOAT32
}
