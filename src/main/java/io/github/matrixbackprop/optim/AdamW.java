package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.network.Network;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019), as {@code torch.optim.AdamW}.
 *
 * <pre>
 * inputs:  lr, beta1, beta2, eps, lambda (decoupled weight decay), amsgrad
 * state:   as {@link Adam}
 * step t, for every parameter theta with gradient g:
 *   theta  &lt;- theta (1 - lr lambda)            (biases too unless decayBiases is false)
 *   then the Adam update of theta with g, without L2
 * </pre>
 *
 * <p>Where the convention differs from the paper: the decay is multiplied by the learning rate
 * {@code lr} (the paper uses a separate schedule multiplier {@code eta_t} and an unscaled
 * {@code lambda}); with a schedule the decay follows the scheduled {@code lr}, as in torch.
 *
 * @param lr          learning rate, finite, {@code >= 0} (torch default 1e-3)
 * @param beta1       in {@code [0, 1)} (default 0.9)
 * @param beta2       in {@code [0, 1)} (default 0.999)
 * @param eps         finite, {@code >= 0} (default 1e-8)
 * @param weightDecay decoupled coefficient {@code lambda}, finite, {@code >= 0} (default 1e-2)
 * @param amsgrad     use the running maximum of {@code v}
 * @param decayBiases whether weight decay applies to the biases too (torch: yes)
 */
public record AdamW(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                    boolean decayBiases) implements OptimizerSpec {

    /**
     * Validates the hyperparameters.
     *
     * @param lr learning rate, finite, {@code >= 0} (torch default 1e-3)
     * @param beta1 in {@code [0, 1)} (default 0.9)
     * @param beta2 in {@code [0, 1)} (default 0.999)
     * @param eps finite, {@code >= 0} (default 1e-8)
     * @param weightDecay decoupled coefficient {@code lambda}, finite, {@code >= 0} (default 1e-2)
     * @param amsgrad use the running maximum of {@code v}
     * @param decayBiases whether weight decay applies to the biases too (torch: yes)
     */
    public AdamW {
        AdamCore.validate("adamw", lr, beta1, beta2, eps, weightDecay);
    }

    /**
     * AdamW with torch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2.
     *
     * @return the default configuration
     */
    public static AdamW defaults() {
        return new AdamW(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, true);
    }

    /**
     * The defaults ({@link #defaults()}) with this learning rate.
     *
     * @param lr the learning rate, finite, {@code >= 0}
     * @return the configuration
     */
    public static AdamW of(double lr) {
        return defaults().withLr(lr);
    }

    /**
     * The same with another learning rate.
     *
     * @param newLr the new {@code lr}: learning rate, finite, {@code >= 0} (torch default 1e-3)
     * @return a copy that differs only in {@code lr}; this one is unchanged
     */
    public AdamW withLr(double newLr) {
        return new AdamW(newLr, beta1, beta2, eps, weightDecay, amsgrad, decayBiases);
    }

    /**
     * The same with other betas.
     *
     * @param b1 the new {@code beta1}, in {@code [0, 1)}
     * @param b2 the new {@code beta2}, in {@code [0, 1)}
     * @return a copy that differs only in the betas; this one is unchanged
     */
    public AdamW withBetas(double b1, double b2) {
        return new AdamW(lr, b1, b2, eps, weightDecay, amsgrad, decayBiases);
    }

    /**
     * The same with another eps.
     *
     * @param newEps the new {@code eps}: finite, {@code >= 0} (default 1e-8)
     * @return a copy that differs only in {@code eps}; this one is unchanged
     */
    public AdamW withEps(double newEps) {
        return new AdamW(lr, beta1, beta2, newEps, weightDecay, amsgrad, decayBiases);
    }

    /**
     * The same with decoupled weight decay {@code lambda}.
     *
     * @param lambda the new {@code weightDecay}: decoupled coefficient {@code lambda}, finite, {@code >= 0}
     *     (default 1e-2)
     * @return a copy that differs only in {@code weightDecay}; this one is unchanged
     */
    public AdamW withWeightDecay(double lambda) {
        return new AdamW(lr, beta1, beta2, eps, lambda, amsgrad, decayBiases);
    }

    /**
     * The same with or without AMSGrad.
     *
     * @param on the new {@code amsgrad}: use the running maximum of {@code v}
     * @return a copy that differs only in {@code amsgrad}; this one is unchanged
     */
    public AdamW withAmsgrad(boolean on) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay, on, decayBiases);
    }

    /**
     * The same with weight decay applied to biases or not.
     *
     * @param on the new {@code decayBiases}: whether weight decay applies to the biases too (torch: yes)
     * @return a copy that differs only in {@code decayBiases}; this one is unchanged
     */
    public AdamW withDecayBiases(boolean on) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay, amsgrad, on);
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public Optimizer create(Network network) {
        return new AdamCore("adamw", network, lr, beta1, beta2, eps, weightDecay, true, amsgrad, decayBiases);
    }
}
