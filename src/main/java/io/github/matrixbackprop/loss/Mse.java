package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.activation.Activation;
import org.ejml.data.DMatrixRMaj;

/**
 * Mean squared error as PyTorch's {@code MSELoss} (mean over all elements of the batch):
 * {@code c = (1/n_L) ||a^L - y||^2}, {@code grad_a c = (2/n_L)(a^L - y)}; the batch cost is the
 * mean of {@code c} over samples, or with sample weights {@code sum_i s_i c_i / sum_i s_i}.
 */
public record Mse() implements Loss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y) {
        LossChecks.sameShape(this, a, y);
        return LossChecks.sumOfSquaredResiduals(a, y) / a.getNumElements();
    }

    /** {@code C = sum_i s_i ||a_i - y_i||^2 / (n_L sum_i s_i)}. */
    @Override
    public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj s) {
        if (s == null) {
            return cost(f, z, a, y);
        }
        LossChecks.sameShape(this, a, y);
        LossChecks.sampleWeights(this, a, s);
        double norm = LossChecks.sum(s);
        return norm > 0 ? LossChecks.weightedSumOfSquaredResiduals(a, y, s) / (a.numRows * norm) : 0.0;
    }

    @Override
    public void gradient(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj g) {
        LossChecks.scaledResiduals(this, a, y, 2.0 / a.numRows, g);
    }

    /** {@code H = (2/n_L) I}. */
    @Override
    public void hessianTimes(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj v, DMatrixRMaj out) {
        LossChecks.hessianArguments(this, a, y, v);
        out.setTo(v);
        org.ejml.dense.row.CommonOps_DDRM.scale(2.0 / a.numRows, out);
    }
}
