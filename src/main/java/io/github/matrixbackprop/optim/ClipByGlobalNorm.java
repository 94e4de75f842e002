package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.util.Checks;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Rescales all gradients together when their global L2 norm exceeds {@code maxNorm}, as
 * {@code torch.nn.utils.clip_grad_norm_}:
 * {@code n = sqrt(sum_l ||grad_W^l||_F^2 + ||grad_b^l||^2)}, {@code c = maxNorm / (n + 1e-6)},
 * and if {@code c < 1} every gradient is multiplied by {@code c}. The direction is kept, also for
 * gradients whose squares overflow ({@link Gradients#norm()} rescales then).
 *
 * @param maxNorm the largest allowed norm, finite, {@code > 0}
 */
public record ClipByGlobalNorm(double maxNorm) implements GradientTransform {

    /**
     * Validates the bound.
     *
     * @param maxNorm the largest allowed norm, finite, {@code > 0}
     */
    public ClipByGlobalNorm {
        Checks.positive(maxNorm, "clip max_norm");
    }

    @Override
    public void apply(Gradients g) {
        double c = maxNorm / (g.norm() + 1e-6);
        if (c < 1) {
            for (int l = 1; l <= g.depth(); l++) {
                CommonOps_DDRM.scale(c, g.weights(l));
                CommonOps_DDRM.scale(c, g.bias(l));
            }
        }
    }
}
