package io.github.matrixbackprop.kernel;

/**
 * The precision of the matrix products. The math is written once: matrices, element-wise
 * passes and the optimizer stay in float64 in both modes, and only the products change.
 */
public enum Precision {

    /** Products in float64: the default, and the mode the PyTorch reference cases hold to 1e-10. */
    FLOAT64,

    /**
     * Products in float32: the operands are rounded to float32 as they are packed, each block of
     * up to 256 steps of the inner dimension is summed in float32 by an 8-lane float
     * micro-kernel, and the blocks are added into the float64 result. About twice the float64
     * speed; gradients agree with float64 to a relative {@code 1e-4} or so (see docs/performance.md
     * for the stated tolerances).
     */
    FLOAT32
}
