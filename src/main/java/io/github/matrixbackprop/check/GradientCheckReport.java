package io.github.matrixbackprop.check;

import java.util.Comparator;
import java.util.List;

/**
 * The result of a {@link GradientCheck}: per layer and per tensor, the largest relative error
 * {@code |x - ref| / max(1, |ref|)} and where it occurred.
 *
 * @param reference the reference used, e.g. {@code "finite differences (step 1.0e-06)"}
 * @param cost      the batch cost the engine computed
 * @param tensors   one entry per layer and tensor, {@code W^1, b^1, W^2, ...}
 */
public record GradientCheckReport(String reference, double cost, List<TensorError> tensors) {

    /**
     * Copies the list.
     *
     * @param reference the reference used, e.g. {@code "finite differences (step 1.0e-06)"}
     * @param cost the batch cost the engine computed
     * @param tensors one entry per layer and tensor, {@code W^1, b^1, W^2, ...}
     */
    public GradientCheckReport {
        tensors = List.copyOf(tensors);
    }

    /**
     * The entry with the largest error (NaN counts as largest).
     *
     * @return the worst entry
     */
    public TensorError worst() {
        return tensors.stream()
                .max(Comparator.comparingDouble(t -> Double.isNaN(t.error()) ? Double.POSITIVE_INFINITY : t.error()))
                .orElseThrow();
    }

    /**
     * The largest relative error over all tensors (NaN if any comparison was NaN).
     *
     * @return the largest relative error
     */
    public double maxError() {
        double max = 0.0;
        for (TensorError t : tensors) {
            if (Double.isNaN(t.error())) {
                return Double.NaN;
            }
            max = Math.max(max, t.error());
        }
        return max;
    }

    /**
     * True if every relative error is at most {@code tolerance} (false on NaN).
     *
     * @param tolerance the largest acceptable relative error
     * @return whether the check passes
     */
    public boolean passes(double tolerance) {
        double e = maxError();
        return e <= tolerance;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT, "gradient check against %s (cost %.6g): max rel error %.3e%n",
                reference, cost, maxError()));
        for (TensorError t : tensors) {
            sb.append("  ").append(t).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
