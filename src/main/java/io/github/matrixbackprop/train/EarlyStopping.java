package io.github.matrixbackprop.train;

import io.github.matrixbackprop.util.Checks;

/**
 * Stop when the monitored cost (validation cost if there is a validation set, else training
 * cost) has not improved by more than {@code minDelta} for {@code patience} epochs; the best
 * epoch's parameters are then restored.
 *
 * @param patience epochs without improvement tolerated, {@code >= 1}
 * @param minDelta an improvement must lower the cost by more than this, finite, {@code >= 0}
 */
public record EarlyStopping(int patience, double minDelta) {

    /**
     * Validates the configuration.
     *
     * @param patience epochs without improvement tolerated, {@code >= 1}
     * @param minDelta an improvement must lower the cost by more than this, finite, {@code >= 0}
     */
    public EarlyStopping {
        Checks.positive(patience, "early stopping patience");
        Checks.nonNegative(minDelta, "early stopping min_delta");
    }
}
