package io.github.matrixbackprop.optim;

import java.util.List;

/**
 * A snapshot of an optimizer's mutable state: enough to resume training exactly.
 *
 * @param optimizer    the optimizer's name
 * @param step         the number of steps taken
 * @param learningRate the current learning rate
 * @param slots        the names of the per-parameter buffers, e.g. {@code [exp_avg, exp_avg_sq]}
 * @param buffers      {@code buffers.get(s).get(p)} is slot {@code s} of parameter tensor {@code p}
 *                     (tensors in the order {@code W^1, b^1, W^2, b^2, ...}, row-major)
 */
public record OptimizerState(String optimizer, long step, double learningRate, List<String> slots,
                             List<List<double[]>> buffers) {

    /**
     * Deep-copies the buffers.
     *
     * @param optimizer the optimizer's name
     * @param step the number of steps taken
     * @param learningRate the current learning rate
     * @param slots the names of the per-parameter buffers, e.g. {@code [exp_avg, exp_avg_sq]}
     * @param buffers {@code buffers.get(s).get(p)} is slot {@code s} of parameter tensor {@code p} (tensors in
     *     the order {@code W^1, b^1, W^2, b^2, ...}, row-major)
     */
    public OptimizerState {
        slots = List.copyOf(slots);
        buffers = buffers.stream().map(slot -> slot.stream().map(double[]::clone).toList()).toList();
        if (buffers.size() != slots.size()) {
            throw new IllegalArgumentException(slots.size() + " slot names but " + buffers.size() + " slots");
        }
    }
}
