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
        double sum = 0.0;
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            double r = a.data[i] - y.data[i];
            sum += r * r;
        }
        return 0.5 * sum / a.numCols;
    }

    @Override
    public void gradient(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj g) {
        LossChecks.sameShape(this, a, y);
        LossChecks.sameShape(this, a, g);
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            g.data[i] = a.data[i] - y.data[i];
        }
    }
}
