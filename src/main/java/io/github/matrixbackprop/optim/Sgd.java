package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;

/**
 * Stochastic gradient descent with momentum, as {@code torch.optim.SGD}.
 *
 * <pre>
 * inputs:  lr (learning rate), mu (momentum), tau (dampening), nesterov, lambda (weight decay)
 * state:   momentum buffer b per parameter (slot "momentum_buffer"), step t
 * step t, for every parameter theta with gradient g:
 *   g &lt;- g + lambda theta                      (L2 weight decay; biases too unless decayBiases is false)
 *   if mu != 0:
 *     b &lt;- g                        if t = 1
 *     b &lt;- mu b + (1 - tau) g       otherwise
 *     g &lt;- g + mu b                 if nesterov
 *     g &lt;- b                        otherwise
 *   theta &lt;- theta - lr g
 * </pre>
 *
 * <p>Differs from the textbook "heavy ball" {@code v <- mu v - lr g; theta <- theta + v} (Polyak;
 * Sutskever et al. 2013 for Nesterov) in where {@code lr} enters: here the buffer holds
 * gradients and {@code lr} multiplies it, so changing {@code lr} mid-run rescales the whole
 * step at once. The first step copies {@code g} into the buffer without dampening, as torch does.
 *
 * @param lr           learning rate, finite, {@code >= 0}
 * @param momentum     {@code mu}, finite, {@code >= 0}
 * @param dampening    {@code tau}, in {@code [0, 1]}
 * @param nesterov     use Nesterov momentum (needs {@code momentum > 0} and {@code dampening = 0})
 * @param weightDecay  {@code lambda}, finite, {@code >= 0}
 * @param decayBiases  whether weight decay applies to the biases too (torch: yes)
 */
public record Sgd(double lr, double momentum, double dampening, boolean nesterov, double weightDecay,
                  boolean decayBiases) implements OptimizerSpec {

    /**
     * Validates the hyperparameters.
     *
     * @param lr learning rate, finite, {@code >= 0}
     * @param momentum {@code mu}, finite, {@code >= 0}
     * @param dampening {@code tau}, in {@code [0, 1]}
     * @param nesterov use Nesterov momentum (needs {@code momentum > 0} and {@code dampening = 0})
     * @param weightDecay {@code lambda}, finite, {@code >= 0}
     * @param decayBiases whether weight decay applies to the biases too (torch: yes)
     */
    public Sgd {
        Checks.nonNegative(lr, "sgd lr");
        Checks.nonNegative(momentum, "sgd momentum");
        if (!(dampening >= 0 && dampening <= 1)) {
            throw new IllegalArgumentException("sgd dampening must be in [0, 1] but was " + dampening);
        }
        Checks.nonNegative(weightDecay, "sgd weight_decay");
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("sgd nesterov needs momentum > 0 and dampening = 0 but momentum was "
                    + momentum + " and dampening " + dampening);
        }
    }

    /**
     * Plain SGD with torch's default learning rate 1e-3 (no momentum, no weight decay), so that
     * every optimizer has {@code defaults()}, {@code of(lr)} and {@code withLr(lr)}.
     *
     * @return the default configuration
     */
    public static Sgd defaults() {
        return of(1e-3);
    }

    /**
     * Plain SGD with this learning rate (no momentum, no weight decay).
     *
     * @param lr the learning rate, finite, {@code >= 0}
     * @return the configuration
     */
    public static Sgd of(double lr) {
        return new Sgd(lr, 0, 0, false, 0, true);
    }

    /**
     * The same with momentum {@code mu}.
     *
     * @param mu the new {@code momentum}: {@code mu}, finite, {@code >= 0}
     * @return a copy that differs only in {@code momentum}; this one is unchanged
     */
    public Sgd withMomentum(double mu) {
        return new Sgd(lr, mu, dampening, nesterov, weightDecay, decayBiases);
    }

    /**
     * The same with dampening {@code tau}.
     *
     * @param tau the new {@code dampening}: {@code tau}, in {@code [0, 1]}
     * @return a copy that differs only in {@code dampening}; this one is unchanged
     */
    public Sgd withDampening(double tau) {
        return new Sgd(lr, momentum, tau, nesterov, weightDecay, decayBiases);
    }

    /**
     * The same with or without Nesterov momentum.
     *
     * @param on the new {@code nesterov}: use Nesterov momentum (needs {@code momentum > 0} and {@code
     *     dampening = 0})
     * @return a copy that differs only in {@code nesterov}; this one is unchanged
     */
    public Sgd withNesterov(boolean on) {
        return new Sgd(lr, momentum, dampening, on, weightDecay, decayBiases);
    }

    /**
     * The same with L2 weight decay {@code lambda}.
     *
     * @param lambda the new {@code weightDecay}: {@code lambda}, finite, {@code >= 0}
     * @return a copy that differs only in {@code weightDecay}; this one is unchanged
     */
    public Sgd withWeightDecay(double lambda) {
        return new Sgd(lr, momentum, dampening, nesterov, lambda, decayBiases);
    }

    /**
     * The same with weight decay applied to biases ({@code true}, torch's default) or not.
     *
     * @param on the new {@code decayBiases}: whether weight decay applies to the biases too (torch: yes)
     * @return a copy that differs only in {@code decayBiases}; this one is unchanged
     */
    public Sgd withDecayBiases(boolean on) {
        return new Sgd(lr, momentum, dampening, nesterov, weightDecay, on);
    }

    /**
     * The same with another learning rate.
     *
     * @param newLr the new {@code lr}: learning rate, finite, {@code >= 0}
     * @return a copy that differs only in {@code lr}; this one is unchanged
     */
    public Sgd withLr(double newLr) {
        return new Sgd(newLr, momentum, dampening, nesterov, weightDecay, decayBiases);
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public Optimizer create(Network network) {
        return new Impl(this, network);
    }

    private static final class Impl extends AbstractOptimizer {
        private final Sgd h;

        Impl(Sgd h, Network network) {
            super("sgd", network, h.lr, "momentum_buffer");
            this.h = h;
        }

        @Override
        void update(int p, boolean isBias, double[] theta, double[] grad, int n) {
            double lambda = isBias && !h.decayBiases ? 0.0 : h.weightDecay;
            double lr = learningRate();
            double mu = h.momentum;
            double[] buf = slots[0][p];
            boolean first = stepCount() == 1;
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                if (lambda != 0) {
                    g += lambda * theta[i];
                }
                if (mu != 0) {
                    buf[i] = first ? g : mu * buf[i] + (1 - h.dampening) * g;
                    g = h.nesterov ? g + mu * buf[i] : buf[i];
                }
                theta[i] -= lr * g;
            }
        }
    }
}
