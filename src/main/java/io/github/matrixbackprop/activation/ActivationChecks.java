package io.github.matrixbackprop.activation;

import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

final class ActivationChecks {

    private ActivationChecks() {
    }

    static void sameShape(Activation f, DMatrixRMaj z, DMatrixRMaj other, String role) {
        if (other.numRows != z.numRows || other.numCols != z.numCols) {
            throw Checks.mismatch(f.name() + ": ", "z", z, role, other, "they must have the same shape");
        }
    }

    /** {@code rz}, {@code u} and {@code out} must all have the shape of {@code z}. */
    static void directional(Activation f, DMatrixRMaj z, DMatrixRMaj rz, DMatrixRMaj u, DMatrixRMaj out) {
        sameShape(f, z, rz, "rz");
        sameShape(f, z, u, "u");
        sameShape(f, z, out, "out");
    }

    static void column(Activation f, DMatrixRMaj z) {
        if (z.numCols != 1 || z.numRows == 0) {
            throw new IllegalArgumentException(f.name() + ": z is " + Checks.shape(z)
                    + " but the Jacobian is formed for one sample, an n x 1 column");
        }
    }
}
