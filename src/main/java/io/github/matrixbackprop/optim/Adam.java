package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;

/**
 * Adam (Kingma and Ba, 2015) with optional AMSGrad, as {@code torch.optim.Adam}.
 *
 * <pre>
 * inputs:  lr, beta1, beta2, eps, lambda (L2 weight decay), amsgrad
 * state:   first moment m ("exp_avg"), second moment v ("exp_avg_sq"),
 *          running maximum v_max ("max_exp_avg_sq", AMSGrad only), step t
 * step t, for every parameter theta with gradient g:
 *   g      &lt;- g + lambda theta                 (L2; biases too unless decayBiases is false)
 *   m      &lt;- beta1 m + (1 - beta1) g
 *   v      &lt;- beta2 v + (1 - beta2) g^2
 *   v_max  &lt;- max(v_max, v)                    (AMSGrad; then v_max replaces v below)
 *   denom  &lt;- sqrt(v) / sqrt(1 - beta2^t) + eps
 *   theta  &lt;- theta - (lr / (1 - beta1^t)) m / denom
 * </pre>
 *
 * <p>Where the convention differs from the paper: {@code eps} is added to the bias-corrected
 * {@code sqrt(v_hat)} (as in the paper's algorithm, but torch's order of operations is kept
 * exactly); weight decay here is L2, added to the gradient, so it is scaled by the adaptive
 * denominator; for decoupled decay use {@link AdamW}. AMSGrad (Reddi et al., 2018) keeps the
 * maximum of the raw {@code v} and bias-corrects it, as torch does, not the paper's
 * uncorrected form.
 *
 * @param lr          learning rate, finite, {@code >= 0} (torch default 1e-3)
 * @param beta1       in {@code [0, 1)} (default 0.9)
 * @param beta2       in {@code [0, 1)} (default 0.999)
 * @param eps         finite, {@code >= 0} (default 1e-8)
 * @param weightDecay L2 coefficient {@code lambda}, finite, {@code >= 0} (default 0)
 * @param amsgrad     use the running maximum of {@code v}
 * @param decayBiases whether weight decay applies to the biases too (torch: yes)
 */
public record Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                   boolean decayBiases) implements OptimizerSpec {

    /**
     * Validates the hyperparameters.
     *
     * @param lr learning rate, finite, {@code >= 0} (torch default 1e-3)
     * @param beta1 in {@code [0, 1)} (default 0.9)
     * @param beta2 in {@code [0, 1)} (default 0.999)
     * @param eps finite, {@code >= 0} (default 1e-8)
     * @param weightDecay L2 coefficient {@code lambda}, finite, {@code >= 0} (default 0)
     * @param amsgrad use the running maximum of {@code v}
     * @param decayBiases whether weight decay applies to the biases too (torch: yes)
     */
    public Adam {
        AdamCore.validate("adam", lr, beta1, beta2, eps, weightDecay);
    }

    /**
     * Adam with torch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay.
     *
     * @return the default configuration
     */
    public static Adam defaults() {
        return new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, true);
    }

    /**
     * The defaults ({@link #defaults()}) with this learning rate.
     *
     * @param lr the learning rate, finite, {@code >= 0}
     * @return the configuration
     */
    public static Adam of(double lr) {
        return defaults().withLr(lr);
    }

    /**
     * The same with another learning rate.
     *
     * @param newLr the new {@code lr}: learning rate, finite, {@code >= 0} (torch default 1e-3)
     * @return a copy that differs only in {@code lr}; this one is unchanged
     */
    public Adam withLr(double newLr) {
        return new Adam(newLr, beta1, beta2, eps, weightDecay, amsgrad, decayBiases);
    }

    /**
     * The same with other betas.
     *
     * @param b1 the new {@code beta1}, in {@code [0, 1)}
     * @param b2 the new {@code beta2}, in {@code [0, 1)}
     * @return a copy that differs only in the betas; this one is unchanged
     */
    public Adam withBetas(double b1, double b2) {
        return new Adam(lr, b1, b2, eps, weightDecay, amsgrad, decayBiases);
    }

    /**
     * The same with another eps.
     *
     * @param newEps the new {@code eps}: finite, {@code >= 0} (default 1e-8)
     * @return a copy that differs only in {@code eps}; this one is unchanged
     */
    public Adam withEps(double newEps) {
        return new Adam(lr, beta1, beta2, newEps, weightDecay, amsgrad, decayBiases);
    }

    /**
     * The same with L2 weight decay {@code lambda}.
     *
     * @param lambda the new {@code weightDecay}: L2 coefficient {@code lambda}, finite, {@code >= 0} (default 0)
     * @return a copy that differs only in {@code weightDecay}; this one is unchanged
     */
    public Adam withWeightDecay(double lambda) {
        return new Adam(lr, beta1, beta2, eps, lambda, amsgrad, decayBiases);
    }

    /**
     * The same with or without AMSGrad.
     *
     * @param on the new {@code amsgrad}: use the running maximum of {@code v}
     * @return a copy that differs only in {@code amsgrad}; this one is unchanged
     */
    public Adam withAmsgrad(boolean on) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, on, decayBiases);
    }

    /**
     * The same with weight decay applied to biases or not.
     *
     * @param on the new {@code decayBiases}: whether weight decay applies to the biases too (torch: yes)
     * @return a copy that differs only in {@code decayBiases}; this one is unchanged
     */
    public Adam withDecayBiases(boolean on) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, on);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public Optimizer create(Network network) {
        return new AdamCore("adam", network, lr, beta1, beta2, eps, weightDecay, false, amsgrad, decayBiases);
    }
}
