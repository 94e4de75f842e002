package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * L1 regularisation as a gradient transform: adds a subgradient of
 * {@code lambda sum_l ||W^l||_1} (and {@code lambda sum_l ||b^l||_1} if {@code includeBiases}) to the
 * gradient of the cost, so that the optimizer minimises {@code C + lambda ||theta||_1} (docs/math.md,
 * "Regularisation").
 *
 * <pre>
 * inputs:  lambda (strength), includeBiases
 * before every update, for every weight W^l (and every bias b^l if includeBiases) theta with gradient g:
 *   g &lt;- g + lambda sign(theta)        sign(theta) = 1, 0, -1 for theta &gt; 0, = 0, &lt; 0
 * </pre>
 *
 * <p>At {@code theta = 0}, where {@code |theta|} has no derivative, the subgradient taken is 0.
 * Plain (sub)gradient steps seldom land on exactly 0: a weight that the data does not support
 * ends up oscillating around 0 within about {@code lr lambda}, so count {@code |theta| < tol}
 * rather than exact zeros. The biases are left out by default: they do not multiply inputs, so
 * shrinking them selects no features (unlike the optimizers' L2 weight decay, which as in
 * torch.optim applies to biases unless {@code decayBiases} is false). Added to the gradient before
 * the update, so adaptive optimizers (Adam, RMSprop, Adagrad) rescale it like the rest of the
 * gradient, as they do their L2 term; with L2 weight decay in the optimizer this gives the elastic
 * net. Composes with other transforms in the order given ({@link Optimizers#chain},
 * {@code TrainerConfig.withTransforms}); placed before a clipping transform, the clip applies to
 * the sum.
 *
 * <p>Needs the parameters: use it through {@link Optimizers#chain} or the trainer, which call
 * {@link #apply(Gradients, Network)}; {@link #apply(Gradients)} alone refuses. Allocates nothing.
 *
 * @param lambda        the strength {@code lambda}, finite, {@code >= 0}
 * @param includeBiases whether the biases are regularised too (default: no, weights only)
 */
public record L1(double lambda, boolean includeBiases) implements GradientTransform {

    /**
     * Validates the strength.
     *
     * @param lambda the strength {@code lambda}, finite, {@code >= 0}
     * @param includeBiases whether the biases are regularised too
     * @throws IllegalArgumentException if {@code lambda} is negative or not finite
     */
    public L1 {
        Checks.nonNegative(lambda, "l1 lambda");
    }

    /**
     * L1 on the weights only, with strength {@code lambda}.
     *
     * @param lambda the strength, finite, {@code >= 0}
     * @return the transform
     * @throws IllegalArgumentException if {@code lambda} is negative or not finite
     */
    public static L1 of(double lambda) {
        return new L1(lambda, false);
    }

    /**
     * The same with another strength.
     *
     * @param newLambda the new {@code lambda}, finite, {@code >= 0}
     * @return a copy that differs only in {@code lambda}; this one is unchanged
     * @throws IllegalArgumentException if {@code newLambda} is negative or not finite
     */
    public L1 withLambda(double newLambda) {
        return new L1(newLambda, includeBiases);
    }

    /**
     * The same with the biases included or left out.
     *
     * @param on the new {@code includeBiases}: whether the biases are regularised too
     * @return a copy that differs only in {@code includeBiases}; this one is unchanged
     */
    public L1 withBiases(boolean on) {
        return new L1(lambda, on);
    }

    /**
     * Refuses: L1 needs the parameters {@code theta}.
     *
     * @param g the gradients; not modified
     * @throws UnsupportedOperationException always, naming the calls that pass the parameters
     */
    @Override
    public void apply(Gradients g) {
        throw new UnsupportedOperationException("l1 needs the parameters theta: call apply(g, network), or use it"
                + " through Optimizers.chain or TrainerConfig.withTransforms, which pass them");
    }

    /**
     * Adds {@code lambda sign(theta)} to every weight gradient (and bias gradient if {@code includeBiases}).
     *
     * @param g the gradients, shaped like {@code parameters}; modified in place
     * @param parameters the network holding {@code theta}; not modified
     * @throws IllegalArgumentException if {@code g} is not shaped like the network's parameters (nothing is
     *                                  changed then)
     */
    @Override
    public void apply(Gradients g, Network parameters) {
        Checks.notNull(g, "gradients");
        Checks.notNull(parameters, "network");
        g.requireShapeOf(parameters);
        for (int l = 1; l <= g.depth(); l++) {
            addSign(parameters.layer(l).weights(), g.weights(l));
            if (includeBiases) {
                addSign(parameters.layer(l).bias(), g.bias(l));
            }
        }
    }

    private void addSign(DMatrixRMaj theta, DMatrixRMaj g) {
        for (int i = 0; i < g.getNumElements(); i++) {
            double t = theta.data[i];
            if (t > 0) {
                g.data[i] += lambda;
            } else if (t < 0) {
                g.data[i] -= lambda;
            }
        }
    }
}
