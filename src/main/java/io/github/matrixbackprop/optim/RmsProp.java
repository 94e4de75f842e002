package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;

/**
 * RMSprop (Hinton, lecture notes 2012), as {@code torch.optim.RMSprop}.
 *
 * <pre>
 * inputs:  lr, alpha (smoothing), eps, lambda (L2 weight decay), mu (momentum), centered
 * state:   mean square s ("square_avg"), mean gradient gbar ("grad_avg", centered only),
 *          momentum buffer b ("momentum_buffer", momentum only)
 * step t, for every parameter theta with gradient g:
 *   g     &lt;- g + lambda theta                     (L2; biases too unless decayBiases is false)
 *   s     &lt;- alpha s + (1 - alpha) g^2
 *   gbar  &lt;- alpha gbar + (1 - alpha) g           (centered)
 *   d     &lt;- sqrt(s - gbar^2) + eps  (centered),  sqrt(s) + eps  (otherwise)
 *   b     &lt;- mu b + g / d;  theta &lt;- theta - lr b (mu > 0)
 *   theta &lt;- theta - lr g / d                     (mu = 0)
 * </pre>
 *
 * <p>Where the convention differs from the lecture: {@code eps} is added outside the square
 * root (TensorFlow adds it inside), and the centered variant follows Graves (2013).
 *
 * @param lr          learning rate, finite, {@code >= 0} (torch default 1e-2)
 * @param alpha       smoothing constant, finite, {@code >= 0} (default 0.99)
 * @param eps         finite, {@code >= 0} (default 1e-8)
 * @param weightDecay L2 coefficient, finite, {@code >= 0} (default 0)
 * @param momentum    finite, {@code >= 0} (default 0)
 * @param centered    normalise by the estimated variance instead of the mean square
 * @param decayBiases whether weight decay applies to the biases too (torch: yes)
 */
public record RmsProp(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
                      boolean decayBiases) implements OptimizerSpec {

    /**
     * Validates the hyperparameters.
     *
     * @param lr learning rate, finite, {@code >= 0} (torch default 1e-2)
     * @param alpha smoothing constant, finite, {@code >= 0} (default 0.99)
     * @param eps finite, {@code >= 0} (default 1e-8)
     * @param weightDecay L2 coefficient, finite, {@code >= 0} (default 0)
     * @param momentum finite, {@code >= 0} (default 0)
     * @param centered normalise by the estimated variance instead of the mean square
     * @param decayBiases whether weight decay applies to the biases too (torch: yes)
     */
    public RmsProp {
        Checks.nonNegative(lr, "rmsprop lr");
        Checks.nonNegative(alpha, "rmsprop alpha");
        Checks.nonNegative(eps, "rmsprop eps");
        Checks.nonNegative(weightDecay, "rmsprop weight_decay");
        Checks.nonNegative(momentum, "rmsprop momentum");
    }

    /**
     * RMSprop with torch's defaults: lr 1e-2, alpha 0.99, eps 1e-8.
     *
     * @return the default configuration
     */
    public static RmsProp defaults() {
        return new RmsProp(1e-2, 0.99, 1e-8, 0, 0, false, true);
    }

    /**
     * The defaults ({@link #defaults()}) with this learning rate.
     *
     * @param lr the learning rate, finite, {@code >= 0}
     * @return the configuration
     */
    public static RmsProp of(double lr) {
        return defaults().withLr(lr);
    }

    /**
     * The same with another learning rate.
     *
     * @param newLr the new {@code lr}: learning rate, finite, {@code >= 0} (torch default 1e-2)
     * @return a copy that differs only in {@code lr}; this one is unchanged
     */
    public RmsProp withLr(double newLr) {
        return new RmsProp(newLr, alpha, eps, weightDecay, momentum, centered, decayBiases);
    }

    /**
     * The same with another smoothing constant.
     *
     * @param a the new {@code alpha}: smoothing constant, finite, {@code >= 0} (default 0.99)
     * @return a copy that differs only in {@code alpha}; this one is unchanged
     */
    public RmsProp withAlpha(double a) {
        return new RmsProp(lr, a, eps, weightDecay, momentum, centered, decayBiases);
    }

    /**
     * The same with another eps.
     *
     * @param e the new {@code eps}: finite, {@code >= 0} (default 1e-8)
     * @return a copy that differs only in {@code eps}; this one is unchanged
     */
    public RmsProp withEps(double e) {
        return new RmsProp(lr, alpha, e, weightDecay, momentum, centered, decayBiases);
    }

    /**
     * The same with L2 weight decay.
     *
     * @param lambda the new {@code weightDecay}: L2 coefficient, finite, {@code >= 0} (default 0)
     * @return a copy that differs only in {@code weightDecay}; this one is unchanged
     */
    public RmsProp withWeightDecay(double lambda) {
        return new RmsProp(lr, alpha, eps, lambda, momentum, centered, decayBiases);
    }

    /**
     * The same with momentum.
     *
     * @param mu the new {@code momentum}: finite, {@code >= 0} (default 0)
     * @return a copy that differs only in {@code momentum}; this one is unchanged
     */
    public RmsProp withMomentum(double mu) {
        return new RmsProp(lr, alpha, eps, weightDecay, mu, centered, decayBiases);
    }

    /**
     * The same, centered or not.
     *
     * @param on the new {@code centered}: normalise by the estimated variance instead of the mean square
     * @return a copy that differs only in {@code centered}; this one is unchanged
     */
    public RmsProp withCentered(boolean on) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, on, decayBiases);
    }

    /**
     * The same with weight decay applied to biases or not.
     *
     * @param on the new {@code decayBiases}: whether weight decay applies to the biases too (torch: yes)
     * @return a copy that differs only in {@code decayBiases}; this one is unchanged
     */
    public RmsProp withDecayBiases(boolean on) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered, on);
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public Optimizer create(Network network) {
        return new Impl(this, network);
    }

    private static final class Impl extends AbstractOptimizer {
        private final RmsProp h;

        Impl(RmsProp h, Network network) {
            super("rmsprop", network, h.lr, "square_avg", "grad_avg", "momentum_buffer");
            this.h = h;
        }

        @Override
        void update(int p, boolean isBias, double[] theta, double[] grad, int n) {
            double lambda = isBias && !h.decayBiases ? 0.0 : h.weightDecay;
            double lr = learningRate();
            double a = h.alpha;
            double[] s = slots[0][p];
            double[] gbar = slots[1][p];
            double[] buf = slots[2][p];
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                if (lambda != 0) {
                    g += lambda * theta[i];
                }
                s[i] = s[i] * a + (1 - a) * g * g;
                double d;
                if (h.centered) {
                    gbar[i] = gbar[i] * a + (1 - a) * g;
                    d = Math.sqrt(s[i] - gbar[i] * gbar[i]) + h.eps;
                } else {
                    d = Math.sqrt(s[i]) + h.eps;
                }
                if (h.momentum > 0) {
                    buf[i] = buf[i] * h.momentum + g / d;
                    theta[i] -= lr * buf[i];
                } else {
                    theta[i] -= lr * (g / d);
                }
            }
        }
    }
}
