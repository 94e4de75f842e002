package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.activation.Activation;
import org.ejml.data.DMatrixRMaj;

/**
 * Half the sum of squared errors, the papers' cost: {@code c = (1/2) ||a^L - y||^2},
 * {@code grad_a c = a^L - y}; the batch cost is the mean over samples.
 */
public record HalfSse() implements Loss {

    @Override
    public String name() {
        return "half_sse";
    }

    @Override
    public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y) {
        LossChecks.sameShape(this, a, y);
        return 0.5 * LossChecks.sumOfSquaredResiduals(a, y) / a.numCols;
    }

    @Override
    public void gradient(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj g) {
        LossChecks.scaledResiduals(this, a, y, 1.0, g);
    }

    /** {@code H = I}: {@code out = v}. */
    @Override
    public void hessianTimes(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj v, DMatrixRMaj out) {
        LossChecks.hessianArguments(this, a, y, v);
        out.setTo(v);
    }
}
