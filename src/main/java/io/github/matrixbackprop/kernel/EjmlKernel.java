package io.github.matrixbackprop.kernel;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The portable reference kernel: EJML's single-threaded {@code CommonOps_DDRM} products.
 * Deterministic (EJML picks its algorithm from the shapes only).
 */
public final class EjmlKernel implements MatrixKernel {

    /** The shared instance (the kernel is stateless). */
    public static final EjmlKernel INSTANCE = new EjmlKernel();

    private EjmlKernel() {
    }

    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        KernelChecks.product("mult", a, a.numRows, a.numCols, b, b.numRows, b.numCols, c);
        CommonOps_DDRM.mult(a, b, c);
    }

    @Override
    public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        KernelChecks.product("multTransA", a, a.numCols, a.numRows, b, b.numRows, b.numCols, c);
        CommonOps_DDRM.multTransA(a, b, c);
    }

    @Override
    public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        KernelChecks.product("multTransB", a, a.numRows, a.numCols, b, b.numCols, b.numRows, c);
        CommonOps_DDRM.multTransB(a, b, c);
    }
}
