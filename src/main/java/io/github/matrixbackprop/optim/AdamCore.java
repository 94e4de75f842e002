package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;

/** The update shared by {@link Adam} (L2 decay) and {@link AdamW} (decoupled decay). */
final class AdamCore extends AbstractOptimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final boolean amsgrad;
    private final boolean decayBiases;

    AdamCore(String name, Network network, double lr, double beta1, double beta2, double eps, double weightDecay,
             boolean decoupled, boolean amsgrad, boolean decayBiases) {
        super(name, network, lr, amsgrad
                ? new String[] {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
                : new String[] {"exp_avg", "exp_avg_sq"});
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.amsgrad = amsgrad;
        this.decayBiases = decayBiases;
    }

    static void validate(String name, double lr, double beta1, double beta2, double eps, double weightDecay) {
        Checks.nonNegative(lr, name + " lr");
        Checks.inRange(beta1, 0, 1, name + " beta1");
        Checks.inRange(beta2, 0, 1, name + " beta2");
        Checks.nonNegative(eps, name + " eps");
        Checks.nonNegative(weightDecay, name + " weight_decay");
    }

    @Override
    void update(int p, boolean isBias, double[] theta, double[] grad, int n) {
        double lambda = isBias && !decayBiases ? 0.0 : weightDecay;
        double lr = learningRate();
        long t = stepCount();
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double correction2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        double decayFactor = 1 - lr * lambda;
        double[] m = slots[0][p];
        double[] v = slots[1][p];
        double[] vMax = amsgrad ? slots[2][p] : null;
        for (int i = 0; i < n; i++) {
            double g = grad[i];
            if (lambda != 0) {
                if (decoupled) {
                    theta[i] *= decayFactor;
                } else {
                    g += lambda * theta[i];
                }
            }
            m[i] = m[i] * beta1 + (1 - beta1) * g;
            v[i] = v[i] * beta2 + (1 - beta2) * g * g;
            double second = v[i];
            if (vMax != null) {
                vMax[i] = Math.max(vMax[i], v[i]);
                second = vMax[i];
            }
            double denom = Math.sqrt(second) / correction2Sqrt + eps;
            theta[i] -= stepSize * (m[i] / denom);
        }
    }
}
