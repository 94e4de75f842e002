package io.github.matrixbackprop.check;

import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** Argument checks of the reference computations. */
final class CheckInputs {

    private CheckInputs() {
    }

    /** Checks {@code x} ({@code m x n_0}) and {@code y} ({@code m x n_L}) and returns {@code Y^T}. */
    static DMatrixRMaj targetsAsColumns(Network network, DMatrixRMaj x, DMatrixRMaj y) {
        network.requireInput(x, "X");
        Checks.notNull(y, "Y");
        if (y.numRows != x.numRows || y.numCols != network.outputSize()) {
            throw new IllegalArgumentException("Y is " + Checks.shape(y) + " but X is " + Checks.shape(x)
                    + " and the network has " + network.outputSize() + " outputs, so Y must be "
                    + x.numRows + "x" + network.outputSize() + " (one sample per row)");
        }
        return CommonOps_DDRM.transpose(y, null);
    }
}
