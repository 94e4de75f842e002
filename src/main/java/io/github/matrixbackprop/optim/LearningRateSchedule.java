package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.util.Checks;

/**
 * A learning rate as a function of the epoch: {@code lr_e = schedule(lr_0, e)} for epochs
 * {@code e = 0, 1, 2, ...} (closed forms, so a schedule has no state and resuming at any epoch
 * gives the same rate). Implementations are immutable.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The learning rate of epoch {@code epoch} (from 0) given the base rate {@code baseLr}.
     *
     * @param baseLr the base rate {@code lr_0}
     * @param epoch the epoch {@code e}, from 0
     * @return the rate {@code lr_e}
     */
    double learningRate(double baseLr, int epoch);

    /**
     * {@code lr_e = lr_0}.
     *
     * @return the constant schedule
     */
    static LearningRateSchedule constant() {
        return (base, epoch) -> base;
    }

    /**
     * {@code lr_e = lr_0 gamma^floor(e / stepSize)} (torch {@code StepLR}).
     *
     * @param stepSize epochs between two reductions, {@code > 0}
     * @param gamma the factor of every reduction, finite, {@code > 0}
     * @return the step schedule
     */
    static LearningRateSchedule step(int stepSize, double gamma) {
        Checks.positive(stepSize, "step schedule step_size");
        Checks.positive(gamma, "step schedule gamma");
        return (base, epoch) -> base * Math.pow(gamma, Math.floorDiv(epoch, stepSize));
    }

    /**
     * {@code lr_e = lr_0 gamma^e} (torch {@code ExponentialLR}).
     *
     * @param gamma the factor per epoch, finite, {@code > 0}
     * @return the exponential schedule
     */
    static LearningRateSchedule exponential(double gamma) {
        Checks.positive(gamma, "exponential schedule gamma");
        return (base, epoch) -> base * Math.pow(gamma, epoch);
    }

    /**
     * {@code lr_e = lr_min + (lr_0 - lr_min)(1 + cos(pi e / tMax)) / 2} (torch
     * {@code CosineAnnealingLR}'s closed form; periodic beyond {@code tMax}).
     *
     * @param tMax the half period in epochs, {@code > 0}
     * @param minLr the rate at {@code e = tMax}, finite, {@code >= 0}
     * @return the cosine schedule
     */
    static LearningRateSchedule cosine(int tMax, double minLr) {
        Checks.positive(tMax, "cosine schedule T_max");
        Checks.nonNegative(minLr, "cosine schedule eta_min");
        return (base, epoch) -> minLr + (base - minLr) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }

    /**
     * Linear warm-up in front of {@code after}: for {@code e < warmup},
     * {@code lr_e = lr_0 (s + (1 - s) e / warmup)} with start factor {@code s}; from then on
     * {@code lr_e = after(lr_0, e - warmup)} (torch {@code LinearLR} followed by {@code after}
     * in a {@code SequentialLR}).
     *
     * @param warmupEpochs the length of the warm-up, {@code >= 0}
     * @param startFactor the factor {@code s} of the first epoch, in {@code (0, 1]}
     * @param after the schedule after the warm-up, which sees epochs counted from its start
     * @return the combined schedule
     */
    static LearningRateSchedule warmup(int warmupEpochs, double startFactor, LearningRateSchedule after) {
        Checks.positive(warmupEpochs, "warm-up epochs");
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("warm-up start factor must be in (0, 1] but was " + startFactor);
        }
        Checks.notNull(after, "schedule after warm-up");
        return (base, epoch) -> epoch < warmupEpochs
                ? base * (startFactor + (1 - startFactor) * epoch / (double) warmupEpochs)
                : after.learningRate(base, epoch - warmupEpochs);
    }
}
