package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * Clamps every gradient element to {@code [-limit, limit]}, as
 * {@code torch.nn.utils.clip_grad_value_}. Changes the direction of the gradient.
 *
 * @param limit the largest allowed magnitude, finite, {@code > 0}
 */
public record ClipByValue(double limit) implements GradientTransform {

    /**
     * Validates the bound.
     *
     * @param limit the largest allowed magnitude, finite, {@code > 0}
     */
    public ClipByValue {
        Checks.positive(limit, "clip value");
    }

    @Override
    public void apply(Gradients g) {
        for (int l = 1; l <= g.depth(); l++) {
            clamp(g.weights(l));
            clamp(g.bias(l));
        }
    }

    private void clamp(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] = Math.max(-limit, Math.min(limit, m.data[i]));
        }
    }
}
