package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Sigmoid;
import io.github.matrixbackprop.activation.Softmax;
import java.util.Arrays;
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
 *
 * <p><b>Positive weights</b>, as PyTorch's {@code binary_cross_entropy_with_logits(z, y, pos_weight=p)}:
 * one weight {@code p_j >= 0} per output unit multiplies the positive term of that unit,
 * {@code c = -(1/n_L) sum_j [p_j y_j log a_j + (1 - y_j) log(1 - a_j)]}, still a mean over samples
 * and units. With a sigmoid output it is evaluated as
 * {@code (1/n_L) sum_j [p_j y_j softplus(-z_j) + (1 - y_j) softplus(z_j)]} (two non-negative terms,
 * exact for any {@code z}) and the fused signal is
 * {@code Delta^L_ji = (s_i / (n_L N)) (a_ji (1 + (p_j - 1) y_ji) - p_j y_ji)} (with sample weights
 * {@code s_i}, {@code N = sum_i s_i}; see {@link Loss}); with another output activation
 * {@code grad_a c = (a (1 + (p - 1) y) - p y) / (n_L a (1 - a))} per element.
 *
 * @param posWeight the weights {@code p_j} of the positive terms, one per output unit, finite and {@code >= 0};
 *                  {@code null} for none (every {@code p_j = 1}). The array is copied
 */
public record BinaryCrossEntropy(double[] posWeight) implements Loss {

    private static final double LOG_FLOOR = -100.0;
    private static final double DENOMINATOR_FLOOR = 1e-12;

    /**
     * Validates and copies the positive weights.
     *
     * @param posWeight the weights {@code p_j}, one per output unit, finite and {@code >= 0}; {@code null} for
     *     none; copied
     * @throws IllegalArgumentException naming a weight that is negative or not finite, or empty weights
     */
    public BinaryCrossEntropy {
        if (posWeight != null) {
            posWeight = LossChecks.unitWeights("binary_cross_entropy pos_weight", posWeight);
        }
    }

    /** Plain binary cross-entropy (every {@code p_j = 1}). */
    public BinaryCrossEntropy() {
        this(null);
    }

    /**
     * The positive weights {@code p}.
     *
     * @return a copy of the weights, or {@code null} if there are none
     */
    @Override
    public double[] posWeight() {
        return posWeight == null ? null : posWeight.clone();
    }

    /**
     * The same loss with positive weights {@code p}: the term {@code y_j log a_j} of unit {@code j} is
     * multiplied by {@code p_j}.
     *
     * @param p one weight per output unit, finite and {@code >= 0}; copied. {@code null} removes the weights
     * @return a copy with these weights; this one is unchanged
     * @throws IllegalArgumentException naming a weight that is negative or not finite, or empty weights
     */
    public BinaryCrossEntropy withPosWeight(double... p) {
        return new BinaryCrossEntropy(p);
    }

    /** The name of the loss family, {@code "binary_cross_entropy"}, whatever the options ({@link #toString} has them). */
    @Override
    public String name() {
        return "binary_cross_entropy";
    }

    /**
     * The name with the options, e.g. {@code binary_cross_entropy(pos_weight=[3.0, 0.5])}.
     *
     * @return the loss and its options, with PyTorch's option names
     */
    @Override
    public String toString() {
        return posWeight == null ? name() : name() + "(pos_weight=" + Arrays.toString(posWeight) + ")";
    }

    /**
     * Equal positive weights, compared element by element.
     *
     * @param o the other object
     * @return whether {@code o} is a binary cross-entropy with the same weights
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryCrossEntropy other && Arrays.equals(posWeight, other.posWeight);
    }

    /**
     * A hash of the weights, consistent with {@link #equals}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Arrays.hashCode(posWeight);
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

    /** Targets in {@code [0, 1]}; with positive weights also one weight per unit. */
    @Override
    public void checkTargets(DMatrixRMaj y) {
        LossChecks.targetsIn(this, y, 0.0, 1.0, "in [0, 1]");
        if (posWeight != null) {
            LossChecks.unitCount(this, "pos_weight values", posWeight, y);
        }
    }

    @Override
    public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y) {
        if (posWeight != null) {
            return cost(f, z, a, y, null);
        }
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

    /**
     * {@code C = sum_i s_i c_i / sum_i s_i}, element by element in the order of the unweighted cost
     * ({@code s = null}: every {@code s_i = 1}); from the logits with a sigmoid output.
     */
    @Override
    public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj s) {
        if (s == null && posWeight == null) {
            return cost(f, z, a, y);
        }
        LossChecks.sameShape(this, a, y);
        if (s != null) {
            LossChecks.sampleWeights(this, a, s);
        }
        if (posWeight != null) {
            LossChecks.unitCount(this, "pos_weight values", posWeight, y);
        }
        boolean logits = f instanceof Sigmoid;
        if (logits) {
            LossChecks.sameShape(this, "the potential z^L", z, "the targets y", y);
        }
        int n = a.numRows;
        int m = a.numCols;
        double norm = s == null ? m : LossChecks.sum(s);
        if (!(norm > 0)) {
            return 0.0;
        }
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            double p = posWeight == null ? 1.0 : posWeight[k];
            for (int i = 0; i < m; i++) {
                int idx = k * m + i;
                double yi = y.data[idx];
                double term;
                if (logits) {
                    double zi = z.data[idx];
                    term = posWeight == null
                            ? Math.max(zi, 0.0) - yi * zi + Math.log1p(Math.exp(-Math.abs(zi)))
                            : p * yi * softplus(-zi) + (1.0 - yi) * softplus(zi);
                } else {
                    double ai = a.data[idx];
                    term = -(p * yi * Math.max(Math.log(ai), LOG_FLOOR)
                            + (1.0 - yi) * Math.max(Math.log1p(-ai), LOG_FLOOR));
                }
                sum += (s == null ? 1.0 : s.data[i]) * term;
            }
        }
        return sum / (n * norm);
    }

    /** {@code log(1 + e^x)}, exact for any {@code x}. */
    private static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** {@code grad_a c = (a (1 + (p - 1) y) - p y) / (n_L max(a (1 - a), 1e-12))}; {@code (a - y) / ...} for {@code p = 1}. */
    @Override
    public void gradient(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj g) {
        LossChecks.sameShape(this, a, y);
        LossChecks.sameShape(this, "the output a^L", a, "the gradient g", g);
        double invN = 1.0 / a.numRows;
        int n = a.getNumElements();
        if (posWeight == null) {
            for (int i = 0; i < n; i++) {
                double ai = a.data[i];
                g.data[i] = invN * (ai - y.data[i]) / Math.max(ai * (1.0 - ai), DENOMINATOR_FLOOR);
            }
            return;
        }
        LossChecks.unitCount(this, "pos_weight values", posWeight, y);
        int m = a.numCols;
        for (int i = 0; i < n; i++) {
            double ai = a.data[i];
            double yi = y.data[i];
            double p = posWeight[i / m];
            g.data[i] = invN * (ai * (1.0 + (p - 1.0) * yi) - p * yi) / Math.max(ai * (1.0 - ai), DENOMINATOR_FLOOR);
        }
    }

    /** (E1): with a sigmoid output fused to {@code Delta^L = (A^L - Y)/(n_L m)}; otherwise the generic (E1). */
    @Override
    public void outputDelta(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj delta) {
        if (posWeight != null) {
            outputDelta(f, z, a, y, null, delta);
            return;
        }
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

    /**
     * (E1), for a sigmoid output fused (docs/math.md, "Weighted costs and loss options"):
     * {@code Delta^L_ji = (s_i / (n_L N)) (a_ji (1 + (p_j - 1) y_ji) - p_j y_ji)}, {@code N = sum_i s_i}
     * (0 if {@code N = 0}); otherwise the generic (E1) with the column scales {@code s_i / N}.
     */
    @Override
    public void outputDelta(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj s,
                            DMatrixRMaj delta) {
        if (s == null && posWeight == null) {
            outputDelta(f, z, a, y, delta);
            return;
        }
        if (!(f instanceof Sigmoid)) {
            Loss.super.outputDelta(f, z, a, y, s, delta);
            return;
        }
        LossChecks.sameShape(this, a, y);
        LossChecks.sameShape(this, "the output a^L", a, "Delta^L", delta);
        if (posWeight != null) {
            LossChecks.unitCount(this, "pos_weight values", posWeight, y);
        }
        double norm = normaliser(y, s);
        int n = a.numRows;
        int m = a.numCols;
        for (int k = 0; k < n; k++) {
            double p = posWeight == null ? 1.0 : posWeight[k];
            for (int i = 0; i < m; i++) {
                int idx = k * m + i;
                double factor = norm > 0 ? (s == null ? 1.0 : s.data[i]) / ((double) n * norm) : 0.0;
                double yi = y.data[idx];
                double r = posWeight == null ? a.data[idx] - yi : a.data[idx] * (1.0 + (p - 1.0) * yi) - p * yi;
                delta.data[idx] = r * factor;
            }
        }
    }

    /** {@code H = (1/n_L) diag(p y / a^2 + (1 - y) / (1 - a)^2)} (unfused form; {@code p = 1} without weights). */
    @Override
    public void hessianTimes(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj v, DMatrixRMaj out) {
        LossChecks.hessianArguments(this, a, y, v);
        if (posWeight != null) {
            LossChecks.unitCount(this, "pos_weight values", posWeight, y);
        }
        out.reshape(a.numRows, a.numCols);
        double s = 1.0 / a.numRows;
        int m = a.numCols;
        for (int i = 0; i < a.getNumElements(); i++) {
            double ai = a.data[i];
            double yi = y.data[i];
            double py = posWeight == null ? yi : posWeight[i / m] * yi;
            out.data[i] = s * (py / (ai * ai) + (1 - yi) / ((1 - ai) * (1 - ai))) * v.data[i];
        }
    }

    /**
     * With a sigmoid output: the Hessian of {@code c} by the logits is
     * {@code diag(a (1 - a) (1 + (p - 1) y)) / n_L}, so
     * {@code R{Delta^L} = a (1 - a) (1 + (p - 1) y) ⊙ rz / (n_L m)} (exact, and the Gauss-Newton term);
     * otherwise the generic form.
     */
    @Override
    public void outputDeltaDirectional(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj rz,
                                       boolean gaussNewton, DMatrixRMaj out) {
        if (!(f instanceof Sigmoid)) {
            Loss.super.outputDeltaDirectional(f, z, a, y, rz, gaussNewton, out);
            return;
        }
        LossChecks.directionalArguments(this, z, a, y, rz);
        if (posWeight != null) {
            LossChecks.unitCount(this, "pos_weight values", posWeight, y);
        }
        out.reshape(a.numRows, a.numCols);
        double s = 1.0 / ((double) a.numRows * a.numCols);
        int m = a.numCols;
        for (int i = 0; i < a.getNumElements(); i++) {
            double curvature = a.data[i] * (1 - a.data[i]);
            if (posWeight != null) {
                curvature *= 1.0 + (posWeight[i / m] - 1.0) * y.data[i];
            }
            out.data[i] = curvature * rz.data[i] * s;
        }
    }
}
