package io.github.matrixbackprop.check;

import io.github.matrixbackprop.network.Network;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** Argument checks of the reference computations. */
final class CheckInputs {

    private CheckInputs() {
    }

    /** Checks {@code x} ({@code m x n_0}) and {@code y} ({@code m x n_L}) and returns {@code Y^T}. */
    static DMatrixRMaj targetsAsColumns(Network network, DMatrixRMaj x, DMatrixRMaj y) {
        network.requireInput(x, "X");
        network.requireTargets(x, y);
        return CommonOps_DDRM.transpose(y, null);
    }
}
