package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.activation.Activation;
import org.ejml.data.DMatrixRMaj;

/**
 * Half the sum of squared errors, the papers' cost: {@code c = (1/2) ||a^L - y||^2},
 * {@code grad_a c = a^L - y}; the batch cost is the mean over samples, or with sample weights
 * {@code sum_i s_i c_i / sum_i s_i}.
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

    /** {@code C = (1/2) sum_i s_i ||a_i - y_i||^2 / sum_i s_i}. */
    @Override
    public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj s) {
        if (s == null) {
            return cost(f, z, a, y);
        }
        LossChecks.sameShape(this, a, y);
        LossChecks.sampleWeights(this, a, s);
        double norm = LossChecks.sum(s);
        return norm > 0 ? 0.5 * LossChecks.weightedSumOfSquaredResiduals(a, y, s) / norm : 0.0;
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
