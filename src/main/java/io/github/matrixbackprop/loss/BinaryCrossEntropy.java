package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Sigmoid;
import io.github.matrixbackprop.activation.Softmax;
import org.ejml.data.DMatrixRMaj;

/**
 * Binary cross-entropy as PyTorch's {@code BCELoss} (mean over all elements of the batch):
 * {@code c = -(1/n_L) sum_k [y_k log a_k + (1 - y_k) log(1 - a_k)]}, targets in {@code [0, 1]};
 * {@code grad_a c = (a - y) / (n_L a (1 - a))} per element.
 *
 * <p>With a {@link Sigmoid} output layer (the usual pairing) the cost is evaluated from the
 * logits as {@code softplus(z) - y z}, exact for any {@code z}, and (E1) takes the fused form
 * {@code Delta^L = (A^L - Y) / (n_L m)}. With any other output activation, outputs must lie in
 * {@code [0, 1]}; as in PyTorch each logarithm is clamped at {@code -100} and the gradient's
 * denominator {@code a (1 - a)} at {@code 1e-12}, so that outputs of exactly 0 or 1 give finite numbers.
 * A built-in output activation whose values can leave {@code [0, 1]} (all but {@code sigmoid} and
 * {@code softmax}) is refused up front by {@link #checkOutputActivation}; an activation of your own
 * is accepted, and must keep its outputs in {@code [0, 1]}.
 */
public record BinaryCrossEntropy() implements Loss {

    private static final double LOG_FLOOR = -100.0;
    private static final double DENOMINATOR_FLOOR = 1e-12;

    @Override
    public String name() {
        return "binary_cross_entropy";
    }

    /** Refuses a built-in output activation other than {@code sigmoid} or {@code softmax}, by name. */
    @Override
    public void checkOutputActivation(Activation f) {
        if (f instanceof Sigmoid || f instanceof Softmax) {
            return;
        }
        if (f != null && f.getClass().getPackageName().equals(Sigmoid.class.getPackageName())) {
            throw new IllegalArgumentException(name() + " needs outputs in [0, 1] (a sigmoid output layer, or"
                    + " softmax), but the output activation is " + f.name() + ", whose values can leave [0, 1]");
        }
    }

    @Override
    public void checkTargets(DMatrixRMaj y) {
        LossChecks.targetsIn(this, y, 0.0, 1.0, "in [0, 1]");
    }

    @Override
    public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y) {
        LossChecks.sameShape(this, a, y);
        int n = a.getNumElements();
        double sum = 0.0;
        if (f instanceof Sigmoid) {
            LossChecks.sameShape(this, "the potential z^L", z, "the targets y", y);
            for (int i = 0; i < n; i++) {
                double zi = z.data[i];
                sum += Math.max(zi, 0.0) - y.data[i] * zi + Math.log1p(Math.exp(-Math.abs(zi)));
            }
        } else {
            for (int i = 0; i < n; i++) {
                double ai = a.data[i];
                double yi = y.data[i];
                sum -= yi * Math.max(Math.log(ai), LOG_FLOOR) + (1.0 - yi) * Math.max(Math.log1p(-ai), LOG_FLOOR);
            }
        }
        return sum / n;
    }

    @Override
    public void gradient(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj g) {
        LossChecks.sameShape(this, a, y);
        LossChecks.sameShape(this, "the output a^L", a, "the gradient g", g);
        double invN = 1.0 / a.numRows;
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            double ai = a.data[i];
            g.data[i] = invN * (ai - y.data[i]) / Math.max(ai * (1.0 - ai), DENOMINATOR_FLOOR);
        }
    }

    /** With a sigmoid output: the fused {@code Delta^L = (A^L - Y)/(n_L m)}; otherwise the generic (E1). */
    @Override
    public void outputDelta(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj delta) {
        if (!(f instanceof Sigmoid)) {
            Loss.super.outputDelta(f, z, a, y, delta);
            return;
        }
        LossChecks.sameShape(this, a, y);
        LossChecks.sameShape(this, "the output a^L", a, "Delta^L", delta);
        double s = 1.0 / ((double) a.numRows * a.numCols);
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            delta.data[i] = (a.data[i] - y.data[i]) * s;
        }
    }

    /** {@code H = (1/n_L) diag(y / a^2 + (1 - y) / (1 - a)^2)} (unfused form). */
    @Override
    public void hessianTimes(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj v, DMatrixRMaj out) {
        LossChecks.hessianArguments(this, a, y, v);
        out.reshape(a.numRows, a.numCols);
        double s = 1.0 / a.numRows;
        for (int i = 0; i < a.getNumElements(); i++) {
            double ai = a.data[i];
            double yi = y.data[i];
            out.data[i] = s * (yi / (ai * ai) + (1 - yi) / ((1 - ai) * (1 - ai))) * v.data[i];
        }
    }

    /**
     * With a sigmoid output: the Hessian of {@code c} by the logits is {@code diag(a (1 - a)) / n_L}, so
     * {@code R{Delta^L} = a (1 - a) ⊙ rz / (n_L m)} (exact, and the Gauss-Newton term); otherwise the generic form.
     */
    @Override
    public void outputDeltaDirectional(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj rz,
                                       boolean gaussNewton, DMatrixRMaj out) {
        if (!(f instanceof Sigmoid)) {
            Loss.super.outputDeltaDirectional(f, z, a, y, rz, gaussNewton, out);
            return;
        }
        LossChecks.directionalArguments(this, z, a, y, rz);
        out.reshape(a.numRows, a.numCols);
        double s = 1.0 / ((double) a.numRows * a.numCols);
        for (int i = 0; i < a.getNumElements(); i++) {
            out.data[i] = a.data[i] * (1 - a.data[i]) * rz.data[i] * s;
        }
    }
}
