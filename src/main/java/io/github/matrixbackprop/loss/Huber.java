package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * Huber loss as PyTorch's {@code HuberLoss} (mean over all elements of the batch). With
 * {@code r = a^L - y}: {@code c = (1/n_L) sum_k h(r_k)}, {@code h(r) = r^2/2} for
 * {@code |r| <= delta}, else {@code delta (|r| - delta/2)};
 * {@code grad_a c = (1/n_L) clamp(r, -delta, delta)}. The batch cost is the mean of {@code c}
 * over samples, or with sample weights {@code sum_i s_i c_i / sum_i s_i}.
 *
 * @param delta the threshold between the quadratic and the linear part; finite, {@code > 0}
 */
public record Huber(double delta) implements Loss {

    /**
     * Validates delta.
     *
     * @param delta the threshold between the quadratic and the linear part; finite and {@code > 0}
     */
    public Huber {
        Checks.positive(delta, "huber delta");
    }

    @Override
    public String name() {
        return "huber";
    }

    @Override
    public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y) {
        LossChecks.sameShape(this, a, y);
        double sum = 0.0;
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            double r = Math.abs(a.data[i] - y.data[i]);
            sum += r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta);
        }
        return sum / n;
    }

    /** {@code C = sum_i s_i sum_k h(a_ki - y_ki) / (n_L sum_i s_i)}. */
    @Override
    public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj s) {
        if (s == null) {
            return cost(f, z, a, y);
        }
        LossChecks.sameShape(this, a, y);
        LossChecks.sampleWeights(this, a, s);
        double norm = LossChecks.sum(s);
        if (!(norm > 0)) {
            return 0.0;
        }
        double sum = 0.0;
        int n = a.numRows;
        int m = a.numCols;
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < m; i++) {
                double r = Math.abs(a.data[k * m + i] - y.data[k * m + i]);
                sum += s.data[i] * (r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta));
            }
        }
        return sum / (n * norm);
    }

    @Override
    public void gradient(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj g) {
        LossChecks.sameShape(this, a, y);
        LossChecks.sameShape(this, "the output a^L", a, "the gradient g", g);
        double s = 1.0 / a.numRows;
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            double r = a.data[i] - y.data[i];
            g.data[i] = s * Math.max(-delta, Math.min(delta, r));
        }
    }

    /** {@code H = (1/n_L) diag(|a - y| <= delta)} (the kinks at {@code |r| = delta} count as quadratic). */
    @Override
    public void hessianTimes(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj v, DMatrixRMaj out) {
        LossChecks.hessianArguments(this, a, y, v);
        out.reshape(a.numRows, a.numCols);
        double s = 1.0 / a.numRows;
        for (int i = 0; i < a.getNumElements(); i++) {
            out.data[i] = Math.abs(a.data[i] - y.data[i]) <= delta ? s * v.data[i] : 0.0;
        }
    }
}
