package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.backprop.PerSampleGradients;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import io.github.matrixbackprop.util.Gaussian;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Differentially private SGD (Abadi et al., 2016): per-sample clipping and Gaussian noise.
 *
 * <pre>
 * inputs:  lr, C (clipping norm), sigma (noise multiplier), seed
 * state:   the noise generator (SplittableRandom(seed)), step t
 * step t, on a batch of m samples with per-sample gradients g_i = grad c(x_i, y_i):
 *   f_i   &lt;- min(1, C / ||g_i||)                      (||.|| over all parameters together)
 *   g~    &lt;- (1/m) (sum_i f_i g_i + sigma C xi),  xi ~ N(0, I), one draw per parameter
 *   theta &lt;- theta - lr g~
 * </pre>
 *
 * <p>The per-sample gradients are never formed: {@link PerSampleGradients} gives the norms from
 * {@code ||delta a^T||_F = ||delta|| ||a||} and the clipped sum as one product per layer. Noise is
 * drawn in the order {@code W^1} (row-major), {@code b^1}, {@code W^2}, ... by the polar method,
 * so a seed reproduces a run exactly. The privacy accounting (epsilon, delta) is not part of
 * this class. Differs from Opacus's default in using the batch size {@code m} actually seen
 * (not an expected batch size from Poisson sampling).
 *
 * @param lr              learning rate, finite, {@code >= 0}
 * @param clipNorm        {@code C}, finite, {@code > 0}
 * @param noiseMultiplier {@code sigma}, finite, {@code >= 0} (0 gives clipped SGD without noise)
 * @param seed            seeds the noise
 */
public record DpSgd(double lr, double clipNorm, double noiseMultiplier, long seed) {

    /**
     * Validates the hyperparameters.
     *
     * @param lr learning rate, finite, {@code >= 0}
     * @param clipNorm {@code C}, finite, {@code > 0}
     * @param noiseMultiplier {@code sigma}, finite, {@code >= 0} (0 gives clipped SGD without noise)
     * @param seed seeds the noise
     */
    public DpSgd {
        Checks.nonNegative(lr, "dp-sgd lr");
        Checks.positive(clipNorm, "dp-sgd clip norm");
        Checks.nonNegative(noiseMultiplier, "dp-sgd noise multiplier");
    }

    /**
     * A fresh optimizer for {@code network}.
     *
     * @param network the network whose parameters the optimizer will update
     * @return a new optimizer bound to {@code network}, with its noise generator seeded by {@code seed}
     */
    public Step create(Network network) {
        return new Step(this, network);
    }

    /** The stateful optimizer: one {@link #step} per batch. Not thread-safe. */
    public static final class Step {
        private final DpSgd h;
        private final Network network;
        private final Gradients mean;
        private final Gaussian noise;
        private long steps;

        Step(DpSgd h, Network network) {
            this.h = h;
            this.network = Checks.notNull(network, "network");
            this.mean = Gradients.zerosLike(network);
            this.noise = new Gaussian(new SplittableRandom(h.seed));
        }

        /**
         * The number of steps taken.
         *
         * @return the number of steps taken so far
         */
        public long stepCount() {
            return steps;
        }

        /**
         * One update from the per-sample gradients of the last {@link PerSampleGradients#compute}
         * call, whose engine must be bound to this optimizer's network.
         *
         * @param perSample holds the per-sample gradients of the current batch; not modified
         */
        public void step(PerSampleGradients perSample) {
            Checks.notNull(perSample, "per-sample gradients");
            if (perSample.engine().network() != network) {
                throw new IllegalArgumentException("the per-sample gradients belong to another network");
            }
            int m = perSample.batchSize();
            perSample.clippedMean(h.clipNorm, mean);
            double scale = h.noiseMultiplier * h.clipNorm / m;
            for (int l = 1; l <= network.depth(); l++) {
                update(network.layer(l).weights(), mean.weights(l), scale);
                update(network.layer(l).bias(), mean.bias(l), scale);
            }
            steps++;
        }

        private void update(DMatrixRMaj theta, DMatrixRMaj g, double scale) {
            for (int i = 0; i < theta.getNumElements(); i++) {
                double n = scale == 0 ? 0.0 : scale * noise.next();
                theta.data[i] -= h.lr * (g.data[i] + n);
            }
        }
    }
}
