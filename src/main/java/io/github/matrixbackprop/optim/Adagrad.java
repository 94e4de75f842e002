package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import java.util.Arrays;

/**
 * Adagrad (Duchi, Hazan and Singer, 2011), as {@code torch.optim.Adagrad}.
 *
 * <pre>
 * inputs:  lr, eta (lr_decay), lambda (L2 weight decay), s0 (initial_accumulator_value), eps
 * state:   sum of squares s ("sum", starts at s0), step t
 * step t, for every parameter theta with gradient g:
 *   g     &lt;- g + lambda theta                 (L2; biases too unless decayBiases is false)
 *   lr_t  &lt;- lr / (1 + (t - 1) eta)
 *   s     &lt;- s + g^2
 *   theta &lt;- theta - lr_t g / (sqrt(s) + eps)
 * </pre>
 *
 * <p>Where the convention differs from the paper: the paper has no {@code eps}, learning-rate
 * decay or initial accumulator value; those are torch's additions, kept exactly.
 *
 * @param lr                      learning rate, finite, {@code >= 0} (torch default 1e-2)
 * @param lrDecay                 {@code eta}, finite, {@code >= 0} (default 0)
 * @param weightDecay             L2 coefficient, finite, {@code >= 0} (default 0)
 * @param initialAccumulatorValue {@code s0}, finite, {@code >= 0} (default 0)
 * @param eps                     finite, {@code >= 0} (default 1e-10)
 * @param decayBiases             whether weight decay applies to the biases too (torch: yes)
 */
public record Adagrad(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
                      boolean decayBiases) implements OptimizerSpec {

    /**
     * Validates the hyperparameters.
     *
     * @param lr learning rate, finite, {@code >= 0} (torch default 1e-2)
     * @param lrDecay {@code eta}, finite, {@code >= 0} (default 0)
     * @param weightDecay L2 coefficient, finite, {@code >= 0} (default 0)
     * @param initialAccumulatorValue {@code s0}, finite, {@code >= 0} (default 0)
     * @param eps finite, {@code >= 0} (default 1e-10)
     * @param decayBiases whether weight decay applies to the biases too (torch: yes)
     */
    public Adagrad {
        Checks.nonNegative(lr, "adagrad lr");
        Checks.nonNegative(lrDecay, "adagrad lr_decay");
        Checks.nonNegative(weightDecay, "adagrad weight_decay");
        Checks.nonNegative(initialAccumulatorValue, "adagrad initial_accumulator_value");
        Checks.nonNegative(eps, "adagrad eps");
    }

    /**
     * Adagrad with torch's defaults: lr 1e-2, eps 1e-10.
     *
     * @return the default configuration
     */
    public static Adagrad defaults() {
        return new Adagrad(1e-2, 0, 0, 0, 1e-10, true);
    }

    /**
     * The defaults ({@link #defaults()}) with this learning rate.
     *
     * @param lr the learning rate, finite, {@code >= 0}
     * @return the configuration
     */
    public static Adagrad of(double lr) {
        return defaults().withLr(lr);
    }

    /**
     * The same with another learning rate.
     *
     * @param newLr the new {@code lr}: learning rate, finite, {@code >= 0} (torch default 1e-2)
     * @return a copy that differs only in {@code lr}; this one is unchanged
     */
    public Adagrad withLr(double newLr) {
        return new Adagrad(newLr, lrDecay, weightDecay, initialAccumulatorValue, eps, decayBiases);
    }

    /**
     * The same with learning-rate decay {@code eta}.
     *
     * @param eta the new {@code lrDecay}: {@code eta}, finite, {@code >= 0} (default 0)
     * @return a copy that differs only in {@code lrDecay}; this one is unchanged
     */
    public Adagrad withLrDecay(double eta) {
        return new Adagrad(lr, eta, weightDecay, initialAccumulatorValue, eps, decayBiases);
    }

    /**
     * The same with L2 weight decay.
     *
     * @param lambda the new {@code weightDecay}: L2 coefficient, finite, {@code >= 0} (default 0)
     * @return a copy that differs only in {@code weightDecay}; this one is unchanged
     */
    public Adagrad withWeightDecay(double lambda) {
        return new Adagrad(lr, lrDecay, lambda, initialAccumulatorValue, eps, decayBiases);
    }

    /**
     * The same with another initial accumulator value.
     *
     * @param s0 the new {@code initialAccumulatorValue}: {@code s0}, finite, {@code >= 0} (default 0)
     * @return a copy that differs only in {@code initialAccumulatorValue}; this one is unchanged
     */
    public Adagrad withInitialAccumulatorValue(double s0) {
        return new Adagrad(lr, lrDecay, weightDecay, s0, eps, decayBiases);
    }

    /**
     * The same with another eps.
     *
     * @param e the new {@code eps}: finite, {@code >= 0} (default 1e-10)
     * @return a copy that differs only in {@code eps}; this one is unchanged
     */
    public Adagrad withEps(double e) {
        return new Adagrad(lr, lrDecay, weightDecay, initialAccumulatorValue, e, decayBiases);
    }

    /**
     * The same with weight decay applied to biases or not.
     *
     * @param on the new {@code decayBiases}: whether weight decay applies to the biases too (torch: yes)
     * @return a copy that differs only in {@code decayBiases}; this one is unchanged
     */
    public Adagrad withDecayBiases(boolean on) {
        return new Adagrad(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, on);
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public Optimizer create(Network network) {
        return new Impl(this, network);
    }

    private static final class Impl extends AbstractOptimizer {
        private final Adagrad h;

        Impl(Adagrad h, Network network) {
            super("adagrad", network, h.lr, "sum");
            this.h = h;
            for (double[] s : slots[0]) {
                Arrays.fill(s, h.initialAccumulatorValue);
            }
        }

        @Override
        void update(int p, boolean isBias, double[] theta, double[] grad, int n) {
            double lambda = isBias && !h.decayBiases ? 0.0 : h.weightDecay;
            double clr = learningRate() / (1 + (stepCount() - 1) * h.lrDecay);
            double[] s = slots[0][p];
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                if (lambda != 0) {
                    g += lambda * theta[i];
                }
                s[i] += g * g;
                theta[i] -= clr * (g / (Math.sqrt(s[i]) + h.eps));
            }
        }
    }
}
