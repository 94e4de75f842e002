package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.activation.Activation;
import org.ejml.data.DMatrixRMaj;

/**
 * Mean squared error as PyTorch's {@code MSELoss} (mean over all elements of the batch):
 * {@code c = (1/n_L) ||a^L - y||^2}, {@code grad_a c = (2/n_L)(a^L - y)}; the batch cost is the
 * mean of {@code c} over samples.
 */
public record Mse() implements Loss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y) {
        LossChecks.sameShape(this, a, y);
        double sum = 0.0;
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            double r = a.data[i] - y.data[i];
            sum += r * r;
        }
        return sum / n;
    }

    @Override
    public void gradient(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj g) {
        LossChecks.sameShape(this, a, y);
        LossChecks.sameShape(this, a, g);
        double s = 2.0 / a.numRows;
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            g.data[i] = s * (a.data[i] - y.data[i]);
        }
    }
}
