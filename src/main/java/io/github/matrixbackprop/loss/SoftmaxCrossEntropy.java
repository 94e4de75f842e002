package io.github.matrixbackprop.loss;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Softmax;
import java.util.Arrays;
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
 *
 * <p><b>Options</b>, as PyTorch's {@code cross_entropy(z, labels, weight=w, label_smoothing=eps)}
 * with class-index labels:
 * <ul>
 *   <li>label smoothing {@code eps} in {@code [0, 1)}: the target row becomes
 *       {@code y' = (1 - eps) y + eps/n_L};</li>
 *   <li>class weights {@code w_k >= 0}, one per class: sample {@code i}'s term is
 *       {@code l_i = -sum_k w_k y'_ik log a_ik} and its normalising weight {@code rho_i = w_{y_i}},
 *       the weight of its class, so that {@code C = sum_i l_i / sum_i w_{y_i}}; without smoothing
 *       {@code l_i = w_{y_i} c_i}, with it
 *       {@code l_i = (1 - eps) w_{y_i} c_i + (eps/n_L) sum_k w_k (-log a_ik)}. Class weights need
 *       one-hot targets (the class {@code y_i} of a sample is the unit holding its 1);
 *       {@link #checkTargets} names a sample whose row is not one-hot. (PyTorch's form for
 *       probability targets divides by {@code m} instead of {@code sum_i w_{y_i}}, so the two
 *       differ on one-hot rows; this class follows the class-index form.)</li>
 * </ul>
 * With {@code t_ik = w_k y'_ik} (the weighted, smoothed target) every form is
 * {@code l_i = (sum_k t_ik) logsumexp(z_i) - t_i^T z_i} and the fused output signal is
 * {@code Delta^L_i = (s_i / N) (a_i (sum_k t_ik) - t_i)}, {@code N = sum_i s_i rho_i} (see
 * {@link Loss} for sample weights {@code s_i}).
 *
 * @param classWeights   the class weights {@code w}, one per output unit, finite and {@code >= 0}, not all 0;
 *                       {@code null} for none (every {@code w_k = 1}, {@code rho_i = 1}). The array is copied
 * @param labelSmoothing {@code eps}, in {@code [0, 1)}; 0 for none
 */
public record SoftmaxCrossEntropy(double[] classWeights, double labelSmoothing) implements Loss {

    /** How far the sum of a target row may be from 1: {@code |sum_k y_k - 1| <= 1e-6}. */
    public static final double SUM_TOLERANCE = 1e-6;

    /**
     * Validates and copies the options.
     *
     * @param classWeights the class weights {@code w}, one per output unit, finite and {@code >= 0}, not all 0;
     *     {@code null} for none; copied
     * @param labelSmoothing {@code eps}, in {@code [0, 1)}
     * @throws IllegalArgumentException naming a weight that is negative or not finite, all-zero or empty
     *                                  weights, or a smoothing outside {@code [0, 1)}
     */
    public SoftmaxCrossEntropy {
        if (classWeights != null) {
            classWeights = LossChecks.unitWeights("softmax_cross_entropy class weight", classWeights);
            if (Arrays.stream(classWeights).allMatch(w -> w == 0)) {
                throw new IllegalArgumentException("softmax_cross_entropy class weights must not all be 0 but are "
                        + Arrays.toString(classWeights));
            }
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("softmax_cross_entropy label smoothing must be in [0, 1) but was "
                    + labelSmoothing);
        }
    }

    /** Plain cross-entropy: no class weights, no label smoothing. */
    public SoftmaxCrossEntropy() {
        this(null, 0.0);
    }

    /**
     * The class weights {@code w}.
     *
     * @return a copy of the class weights, or {@code null} if there are none
     */
    @Override
    public double[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    /**
     * The same loss with class weights {@code w}: {@code C = sum_i l_i / sum_i w_{y_i}} (see the class comment).
     *
     * @param w one weight per class (output unit), finite and {@code >= 0}, not all 0; copied.
     *     {@code null} removes the class weights
     * @return a copy that differs only in {@code classWeights}; this one is unchanged
     * @throws IllegalArgumentException naming a weight that is negative or not finite, or all-zero or empty weights
     */
    public SoftmaxCrossEntropy withClassWeights(double... w) {
        return new SoftmaxCrossEntropy(w, labelSmoothing);
    }

    /**
     * The same loss with label smoothing {@code eps}: targets {@code (1 - eps) y + eps/n_L}.
     *
     * @param eps the new {@code labelSmoothing}, in {@code [0, 1)}; 0 for none
     * @return a copy that differs only in {@code labelSmoothing}; this one is unchanged
     * @throws IllegalArgumentException if {@code eps} is outside {@code [0, 1)}
     */
    public SoftmaxCrossEntropy withLabelSmoothing(double eps) {
        return new SoftmaxCrossEntropy(classWeights, eps);
    }

    /** Whether there are neither class weights nor smoothing. */
    private boolean plain() {
        return classWeights == null && labelSmoothing == 0;
    }

    /** The name of the loss family, {@code "softmax_cross_entropy"}, whatever the options ({@link #toString} has them). */
    @Override
    public String name() {
        return "softmax_cross_entropy";
    }

    /**
     * The name with the options, e.g. {@code softmax_cross_entropy(class_weights=[1.0, 2.0], label_smoothing=0.1)}.
     *
     * @return the loss and its options, with PyTorch's option names
     */
    @Override
    public String toString() {
        if (plain()) {
            return name();
        }
        StringBuilder sb = new StringBuilder(name()).append('(');
        if (classWeights != null) {
            sb.append("class_weights=").append(Arrays.toString(classWeights));
        }
        if (labelSmoothing != 0) {
            sb.append(classWeights != null ? ", " : "").append("label_smoothing=").append(labelSmoothing);
        }
        return sb.append(')').toString();
    }

    /**
     * Equal options, with class weights compared element by element.
     *
     * @param o the other object
     * @return whether {@code o} is a softmax cross-entropy with the same options
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof SoftmaxCrossEntropy other && Arrays.equals(classWeights, other.classWeights)
                && Double.compare(labelSmoothing, other.labelSmoothing) == 0;
    }

    /**
     * A hash of the options, consistent with {@link #equals}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(classWeights) + Double.hashCode(labelSmoothing);
    }

    @Override
    public void checkOutputActivation(Activation f) {
        if (!(f instanceof Softmax)) {
            throw new IllegalArgumentException("softmax_cross_entropy needs a softmax output layer, but the output"
                    + " activation is " + f.name());
        }
    }

    /** Probability rows; with class weights also one weight per unit and one-hot rows, naming the sample. */
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
        if (classWeights == null) {
            return;
        }
        LossChecks.unitCount(this, "class weights", classWeights, y);
        for (int i = 0; i < m; i++) {
            int ones = 0;
            for (int k = 0; k < n; k++) {
                double v = y.data[k * m + i];
                if (v == 1.0) {
                    ones++;
                } else if (v != 0.0) {
                    ones = -1;
                    break;
                }
            }
            if (ones != 1) {
                throw new IllegalArgumentException(name() + ": class weights need one-hot targets (one 1, the rest"
                        + " 0), but the targets of sample " + i + " are " + column(y, i));
            }
        }
    }

    private static String column(DMatrixRMaj y, int i) {
        double[] v = new double[y.numRows];
        for (int k = 0; k < v.length; k++) {
            v[k] = y.data[k * y.numCols + i];
        }
        return Arrays.toString(v);
    }

    /**
     * {@code C = (1/m) sum_i ((sum_k y_ik) logsumexp(z_i) - y_i^T z_i)}, the general weighted cost
     * below with every {@code s_i = 1} (the same bits: {@code t_ik = y_ik} and {@code N = m} exactly).
     */
    @Override
    public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y) {
        return cost(f, z, a, y, null);
    }

    /**
     * {@code C = sum_i s_i l_i / sum_i s_i rho_i} with {@code l_i = (sum_k t_ik) logsumexp(z_i) - t_i^T z_i},
     * {@code t_ik = w_k ((1 - eps) y_ik + eps/n_L)}; {@code s = null}: every {@code s_i = 1}.
     */
    @Override
    public double cost(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj s) {
        LossChecks.sameShape(this, "the potential z^L", z, "the targets y", y);
        if (s != null) {
            LossChecks.sampleWeights(this, y, s);
        }
        if (classWeights != null) {
            LossChecks.unitCount(this, "class weights", classWeights, y);
        }
        int n = z.numRows;
        int m = z.numCols;
        double keep = 1.0 - labelSmoothing;
        double uniform = labelSmoothing / n;
        double total = 0.0;
        double norm = 0.0;
        for (int i = 0; i < m; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                max = Math.max(max, z.data[k * m + i]);
            }
            double sumExp = 0.0;
            double sumT = 0.0;
            double tz = 0.0;
            for (int k = 0; k < n; k++) {
                double zk = z.data[k * m + i];
                double tk = target(y.data[k * m + i], k, keep, uniform);
                sumExp += Math.exp(zk - max);
                sumT += tk;
                if (tk != 0.0) {
                    tz += tk * (zk - max);
                }
            }
            double si = s == null ? 1.0 : s.data[i];
            total += si * (sumT * Math.log(sumExp) - tz);
            norm += si * rho(y, i);
        }
        return norm > 0 ? total / norm : 0.0;
    }

    /** {@code t_k = w_k ((1 - eps) y_k + eps/n_L)}: exactly {@code y_k} without options. */
    private double target(double yk, int k, double keep, double uniform) {
        double t = keep * yk + uniform;
        return classWeights == null ? t : classWeights[k] * t;
    }

    /** {@code rho_i}: 1 without class weights, else {@code sum_k w_k y_ik = w_{y_i}} for a one-hot row. */
    private double rho(DMatrixRMaj y, int i) {
        if (classWeights == null) {
            return 1.0;
        }
        int m = y.numCols;
        double r = 0.0;
        for (int k = 0; k < y.numRows; k++) {
            r += classWeights[k] * y.data[k * m + i];
        }
        return r;
    }

    /** {@code N = sum_i s_i rho_i} with {@code rho_i = w_{y_i}} (1 without class weights). */
    @Override
    public double normaliser(DMatrixRMaj y, DMatrixRMaj s) {
        if (classWeights == null) {
            return Loss.super.normaliser(y, s);
        }
        LossChecks.notNull(this, "the targets y", y);
        LossChecks.unitCount(this, "class weights", classWeights, y);
        if (s != null) {
            LossChecks.sampleWeights(this, y, s);
        }
        double norm = 0.0;
        for (int i = 0; i < y.numCols; i++) {
            norm += (s == null ? 1.0 : s.data[i]) * rho(y, i);
        }
        return norm;
    }

    /** The unfused {@code grad_a l_i = -t_i / a_i} (0 where {@code t_ik = 0}). */
    @Override
    public void gradient(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj g) {
        LossChecks.sameShape(this, a, y);
        LossChecks.sameShape(this, "the output a^L", a, "the gradient g", g);
        if (classWeights != null) {
            LossChecks.unitCount(this, "class weights", classWeights, y);
        }
        double keep = 1.0 - labelSmoothing;
        double uniform = labelSmoothing / a.numRows;
        int m = a.numCols;
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            double t = target(y.data[i], i / m, keep, uniform);
            g.data[i] = t == 0.0 ? 0.0 : -t / a.data[i];
        }
    }

    /**
     * The fused (E1) for softmax with cross-entropy, {@code Delta^L_i = (a_i (sum_k y_ik) - y_i) / m}
     * ({@code (a_i sum_k t_ik - t_i) / N} with options): the weighted form below with every
     * {@code s_i = 1} (the same bits without options: {@code t_ik = y_ik}, {@code 1/N = 1/m}).
     */
    @Override
    public void outputDelta(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj delta) {
        outputDelta(f, z, a, y, null, delta);
    }

    /**
     * (E1), fused for a softmax output (docs/math.md, "Weighted costs and loss options"):
     * {@code Delta^L_i = (s_i / N) (a_i (sum_k t_ik) - t_i)}, {@code N = sum_i s_i rho_i}; 0 if
     * {@code N = 0}. Overwrites {@code delta} ({@code n_L x m}).
     */
    @Override
    public void outputDelta(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj s,
                            DMatrixRMaj delta) {
        checkOutputActivation(f);
        LossChecks.sameShape(this, a, y);
        LossChecks.sameShape(this, "the output a^L", a, "Delta^L", delta);
        double norm = normaliser(y, s);
        int n = a.numRows;
        int m = a.numCols;
        double keep = 1.0 - labelSmoothing;
        double uniform = labelSmoothing / n;
        for (int i = 0; i < m; i++) {
            double factor = norm > 0 ? (s == null ? 1.0 : s.data[i]) / norm : 0.0;
            double sumT = 0.0;
            for (int k = 0; k < n; k++) {
                sumT += target(y.data[k * m + i], k, keep, uniform);
            }
            for (int k = 0; k < n; k++) {
                int idx = k * m + i;
                delta.data[idx] = (a.data[idx] * sumT - target(y.data[idx], k, keep, uniform)) * factor;
            }
        }
    }

    /** {@code H = diag(t / a^2)} (unfused; used only by references). */
    @Override
    public void hessianTimes(DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj v, DMatrixRMaj out) {
        LossChecks.hessianArguments(this, a, y, v);
        if (classWeights != null) {
            LossChecks.unitCount(this, "class weights", classWeights, y);
        }
        out.reshape(a.numRows, a.numCols);
        double keep = 1.0 - labelSmoothing;
        double uniform = labelSmoothing / a.numRows;
        int m = a.numCols;
        for (int i = 0; i < a.getNumElements(); i++) {
            double t = target(y.data[i], i / m, keep, uniform);
            out.data[i] = t == 0.0 ? 0.0 : t / (a.data[i] * a.data[i]) * v.data[i];
        }
    }

    /**
     * Fused: the Hessian of {@code l_i} by the logits is {@code (sum_k t_ik) J_softmax}, so
     * {@code R{Delta^L} = (sum_k t_k) J rz / N} ({@code N = m} without class weights); exact, and
     * also the Gauss-Newton term (the generalised Gauss-Newton matrix with the loss taken on the logits).
     */
    @Override
    public void outputDeltaDirectional(Activation f, DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, DMatrixRMaj rz,
                                       boolean gaussNewton, DMatrixRMaj out) {
        checkOutputActivation(f);
        LossChecks.directionalArguments(this, z, a, y, rz);
        double norm = normaliser(y, null);
        out.setTo(rz);
        f.applyJacobian(z, a, out);
        int n = a.numRows;
        int m = a.numCols;
        double keep = 1.0 - labelSmoothing;
        double uniform = labelSmoothing / n;
        for (int i = 0; i < m; i++) {
            double sumT = 0.0;
            for (int k = 0; k < n; k++) {
                sumT += target(y.data[k * m + i], k, keep, uniform);
            }
            for (int k = 0; k < n; k++) {
                out.data[k * m + i] *= norm > 0 ? sumT / norm : 0.0;
            }
        }
    }
}
