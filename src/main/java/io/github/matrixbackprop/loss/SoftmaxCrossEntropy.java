package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Softmax;
import org.ejml.data.DMatrixRMaj;

/**
 * Cross-entropy of a softmax output: {@code c = -y^T log softmax(z^L)}, with {@code y} a
 * probability vector (one-hot or soft): every target row must be non-negative and sum to 1
 * within {@value #SUM_TOLERANCE} (so that a row such as {@code {2, 0, 0}} is refused, naming the
 * sample). The output layer must use {@link Softmax}.
 *
 * <p>Evaluated from the logits as {@code c = (sum_k y_k) logsumexp(z) - y^T z}, which stays
 * finite for logits of any size. The output signal is the fused (E1) form
 * {@code Delta^L = (A^L (1^T Y) - Y) / m}, column by column {@code (a (sum_k y_k) - y)/m},
 * i.e. {@code (A^L - Y)/m} for probability targets. {@link #gradient} gives the unfused
 * {@code grad_a c = -y / a}, used only by the explicit Jacobian-chain reference.
 */
public record SoftmaxCrossEntropy() implements Loss {

    /** How far the sum of a target row may be from 1: {@code |sum_k y_k - 1| <= 1e-6}. */
    public static final double SUM_TOLERANCE = 1e-6;

    @Override
    public String name() {
        return "softmax_cross_entropy";
    }

    @Override
    public void checkOutputActivation(Activation f) {
        if (!(f instanceof Softmax)) {
            throw new IllegalArgumentException("softmax_cross_entropy needs a softmax output layer, but the output"
                    + " activation is " + f.name());
        }
    }

    @Override
    public void checkTargets(DMatrixRMaj y) {
        LossChecks.targetsIn(this, y, 0.0, Double.POSITIVE_INFINITY, "finite and >= 0");
        int n = y.numRows;
        int m = y.numCols;
        for (int i = 0; i < m; i++) {
            double sum = 0.0;
            for (int k = 0; k < n; k++) {
                sum += y.data[k * m + i];
            }
            if (!(Math.abs(sum - 1.0) <= SUM_TOLERANCE)) {
                throw new IllegalArgumentException(name() + ": the targets of sample " + i + " sum to " + sum
                        + " but must be a probability distribution (sum 1 within " + SUM_TOLERANCE + ")");
            }
        }
    }

    @Override
    public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y) {
        LossChecks.sameShape(this, "the potential z^L", z, "the targets y", y);
        int n = z.numRows;
        int m = z.numCols;
        double total = 0.0;
        for (int i = 0; i < m; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                max = Math.max(max, z.data[k * m + i]);
            }
            double sumExp = 0.0;
            double sumY = 0.0;
            double yz = 0.0;
            for (int k = 0; k < n; k++) {
                double zk = z.data[k * m + i];
                double yk = y.data[k * m + i];
                sumExp += Math.exp(zk - max);
                sumY += yk;
                if (yk != 0.0) {
                    yz += yk * (zk - max);
                }
            }
            total += sumY * Math.log(sumExp) - yz;
        }
        return total / m;
    }

    @Override
    public void gradient(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj g) {
        LossChecks.sameShape(this, a, y);
        LossChecks.sameShape(this, "the output a^L", a, "the gradient g", g);
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            g.data[i] = y.data[i] == 0.0 ? 0.0 : -y.data[i] / a.data[i];
        }
    }

    /** Computes the fused {@code Delta^L_i = (a_i (sum_k y_ik) - y_i) / m}. */
    @Override
    public void outputDelta(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj delta) {
        checkOutputActivation(f);
        LossChecks.sameShape(this, a, y);
        LossChecks.sameShape(this, "the output a^L", a, "Delta^L", delta);
        int n = a.numRows;
        int m = a.numCols;
        double invM = 1.0 / m;
        for (int i = 0; i < m; i++) {
            double sumY = 0.0;
            for (int k = 0; k < n; k++) {
                sumY += y.data[k * m + i];
            }
            for (int k = 0; k < n; k++) {
                int idx = k * m + i;
                delta.data[idx] = (a.data[idx] * sumY - y.data[idx]) * invM;
            }
        }
    }

    /** {@code H = diag(y / a^2)} (unfused; used only by references). */
    @Override
    public void hessianTimes(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj v, DMatrixRMaj out) {
        LossChecks.hessianArguments(this, a, y, v);
        out.reshape(a.numRows, a.numCols);
        for (int i = 0; i < a.getNumElements(); i++) {
            out.data[i] = y.data[i] == 0.0 ? 0.0 : y.data[i] / (a.data[i] * a.data[i]) * v.data[i];
        }
    }

    /**
     * Fused: the Hessian of {@code c} by the logits is {@code (sum_k y_k) J_softmax}, so
     * {@code R{Delta^L} = (sum_k y_k) J rz / m}; exact, and also the Gauss-Newton term (the
     * generalised Gauss-Newton matrix with the loss taken on the logits).
     */
    @Override
    public void outputDeltaDirectional(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj rz,
                                       boolean gaussNewton, DMatrixRMaj out) {
        checkOutputActivation(f);
        LossChecks.directionalArguments(this, z, a, y, rz);
        out.setTo(rz);
        f.applyJacobian(z, a, out);
        int n = a.numRows;
        int m = a.numCols;
        for (int i = 0; i < m; i++) {
            double sumY = 0.0;
            for (int k = 0; k < n; k++) {
                sumY += y.data[k * m + i];
            }
            for (int k = 0; k < n; k++) {
                out.data[k * m + i] *= sumY / m;
            }
        }
    }
}
