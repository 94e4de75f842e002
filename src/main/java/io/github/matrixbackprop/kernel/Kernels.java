package io.github.matrixbackprop.kernel;

/** Chooses the matrix kernel the engine uses when the caller names none. */
public final class Kernels {

    private Kernels() {
    }

    /** The kernel used by default: today the portable {@link EjmlKernel}. */
    public static MatrixKernel defaultKernel() {
        return EjmlKernel.INSTANCE;
    }
}
