package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.util.Checks;

/**
 * Reduce the learning rate when a monitored metric stops improving, as torch's
 * {@code ReduceLROnPlateau} with {@code threshold_mode='rel'}:
 *
 * <pre>
 * after each epoch with metric x:
 *   better  &lt;- x &lt; best (1 - threshold)        (mode MIN; MAX: x > best (1 + threshold))
 *   if better: best &lt;- x, bad &lt;- 0  else bad &lt;- bad + 1
 *   if cooling down: cooldown &lt;- cooldown - 1, bad &lt;- 0
 *   if bad > patience: scale &lt;- scale * factor (never below minLr), cooldown &lt;- cooldown epochs, bad &lt;- 0
 * </pre>
 *
 * <p>This record is the configuration; {@link #tracker()} gives the mutable state.
 *
 * @param minimize  true to reduce when the metric stops decreasing (a cost), false when it stops increasing
 * @param factor    multiplier of the rate, in {@code (0, 1)} (torch default 0.1)
 * @param patience  epochs without improvement tolerated, {@code >= 0} (default 10)
 * @param threshold relative improvement that counts, {@code >= 0} (default 1e-4)
 * @param cooldown  epochs to wait after a reduction, {@code >= 0} (default 0)
 * @param minLr     the smallest learning rate, {@code >= 0} (default 0)
 */
public record ReduceOnPlateau(boolean minimize, double factor, int patience, double threshold, int cooldown,
                              double minLr) {

    /**
     * Validates the configuration.
     *
     * @param minimize true to reduce when the metric stops decreasing (a cost), false when it stops increasing
     * @param factor multiplier of the rate, in {@code (0, 1)} (torch default 0.1)
     * @param patience epochs without improvement tolerated, {@code >= 0} (default 10)
     * @param threshold relative improvement that counts, {@code >= 0} (default 1e-4)
     * @param cooldown epochs to wait after a reduction, {@code >= 0} (default 0)
     * @param minLr the smallest learning rate, {@code >= 0} (default 0)
     */
    public ReduceOnPlateau {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("plateau factor must be in (0, 1) but was " + factor);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("plateau patience must be >= 0 but was " + patience);
        }
        Checks.nonNegative(threshold, "plateau threshold");
        if (cooldown < 0) {
            throw new IllegalArgumentException("plateau cooldown must be >= 0 but was " + cooldown);
        }
        Checks.nonNegative(minLr, "plateau min_lr");
    }

    /**
     * Torch's defaults for a cost to minimise: factor 0.1, patience 10, threshold 1e-4.
     *
     * @return the default configuration
     */
    public static ReduceOnPlateau defaults() {
        return new ReduceOnPlateau(true, 0.1, 10, 1e-4, 0, 0);
    }

    /**
     * The same with another factor.
     *
     * @param f the new {@code factor}: multiplier of the rate, in {@code (0, 1)} (torch default 0.1)
     * @return a copy that differs only in {@code factor}; this one is unchanged
     */
    public ReduceOnPlateau withFactor(double f) {
        return new ReduceOnPlateau(minimize, f, patience, threshold, cooldown, minLr);
    }

    /**
     * The same with another patience.
     *
     * @param p the new {@code patience}: epochs without improvement tolerated, {@code >= 0} (default 10)
     * @return a copy that differs only in {@code patience}; this one is unchanged
     */
    public ReduceOnPlateau withPatience(int p) {
        return new ReduceOnPlateau(minimize, factor, p, threshold, cooldown, minLr);
    }

    /**
     * The same with another cooldown.
     *
     * @param c the new {@code cooldown}: epochs to wait after a reduction, {@code >= 0} (default 0)
     * @return a copy that differs only in {@code cooldown}; this one is unchanged
     */
    public ReduceOnPlateau withCooldown(int c) {
        return new ReduceOnPlateau(minimize, factor, patience, threshold, c, minLr);
    }

    /**
     * The same with another minimum rate.
     *
     * @param lr the new {@code minLr}: the smallest learning rate, {@code >= 0} (default 0)
     * @return a copy that differs only in {@code minLr}; this one is unchanged
     */
    public ReduceOnPlateau withMinLr(double lr) {
        return new ReduceOnPlateau(minimize, factor, patience, threshold, cooldown, lr);
    }

    /**
     * Fresh state.
     *
     * @return a new tracker with scale 1 and no metric seen
     */
    public Tracker tracker() {
        return new Tracker(this);
    }

    /** The mutable state: best value, bad epochs, cooldown, and the current scale of the rate. */
    public static final class Tracker {
        private final ReduceOnPlateau config;
        private double best;
        private int bad;
        private int cooling;
        private double scale = 1.0;

        Tracker(ReduceOnPlateau config) {
            this.config = config;
            this.best = config.minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }

        /**
         * Records the metric of one epoch and returns the learning rate to use next, given the
         * scheduled rate {@code scheduledLr} (the tracker keeps a multiplicative scale).
         *
         * @param metric the monitored value of the epoch just finished
         * @param scheduledLr the rate the schedule gives for the next epoch
         * @return the learning rate to use next
         */
        public double observe(double metric, double scheduledLr) {
            boolean better = config.minimize ? metric < best * (1 - config.threshold)
                    : metric > best * (1 + config.threshold);
            if (best == Double.POSITIVE_INFINITY || best == Double.NEGATIVE_INFINITY) {
                better = config.minimize ? metric < best : metric > best;
            }
            if (better) {
                best = metric;
                bad = 0;
            } else {
                bad++;
            }
            if (cooling > 0) {
                cooling--;
                bad = 0;
            }
            if (bad > config.patience) {
                scale *= config.factor;
                cooling = config.cooldown;
                bad = 0;
            }
            return apply(scheduledLr);
        }

        /**
         * The scheduled rate times the current scale, never below {@code minLr}.
         *
         * @param scheduledLr the rate the schedule gives
         * @return {@code max(scheduledLr * scale, minLr)}
         */
        public double apply(double scheduledLr) {
            return Math.max(scheduledLr * scale, config.minLr);
        }

        /**
         * The current multiplicative scale (1 until the first reduction).
         *
         * @return the product of the factors of all reductions so far
         */
        public double scale() {
            return scale;
        }
    }
}
