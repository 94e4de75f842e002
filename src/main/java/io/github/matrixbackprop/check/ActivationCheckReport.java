package io.github.matrixbackprop.check;

import java.util.List;
import java.util.Locale;

/**
 * What {@link ActivationCheck} found: per derivative operation, the largest relative error
 * against central differences and where it occurred.
 *
 * @param activation the activation's name
 * @param step the relative finite-difference step used
 * @param results one entry per checked operation
 * @param notChecked the operations the activation does not implement
 */
public record ActivationCheckReport(String activation, double step, List<Result> results, List<String> notChecked) {

    /**
     * The worst error of one operation.
     *
     * @param operation the operation and the quantity it computes, e.g. {@code "jacobian: J_f(z)"}
     * @param error the largest relative error {@code |x - ref| / max(1, |ref|)}; NaN if any value was NaN
     * @param row the unit (row) of the worst element
     * @param column the sample (column) of the worst element; for {@code jacobian}, {@code k + n i}
     *               for column {@code k} of sample {@code i}'s Jacobian
     * @param value the operation's value there
     * @param reference the finite-difference value there
     */
    public record Result(String operation, double error, int row, int column, double value, double reference) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: max rel error %.3e at (%d,%d): %.17g, differences %.17g",
                    operation, error, row, column, value, reference);
        }
    }

    /**
     * Copies the lists.
     *
     * @param activation the activation's name
     * @param step the relative finite-difference step used
     * @param results one entry per checked operation
     * @param notChecked the operations the activation does not implement
     */
    public ActivationCheckReport {
        results = List.copyOf(results);
        notChecked = List.copyOf(notChecked);
    }

    /**
     * The largest error over all checked operations (NaN if any is NaN).
     *
     * @return the largest relative error
     */
    public double maxError() {
        double max = 0;
        for (Result r : results) {
            if (Double.isNaN(r.error())) {
                return Double.NaN;
            }
            max = Math.max(max, r.error());
        }
        return max;
    }

    /**
     * Whether every checked operation is within {@code tolerance}.
     *
     * @param tolerance the largest acceptable relative error
     * @return {@code true} if {@link #maxError()} is at most {@code tolerance}
     */
    public boolean passes(double tolerance) {
        return maxError() <= tolerance;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "activation check of %s against central differences of its forward values (step %.1e): "
                        + "max rel error %.3e%n", activation, step, maxError()));
        for (Result r : results) {
            sb.append("  ").append(r).append(System.lineSeparator());
        }
        if (!notChecked.isEmpty()) {
            sb.append("  not implemented, not checked: ").append(String.join(", ", notChecked))
                    .append(System.lineSeparator());
        }
        return sb.toString();
    }
}
