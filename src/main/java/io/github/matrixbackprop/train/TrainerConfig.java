package io.github.matrixbackprop.train;

import io.github.matrixbackprop.optim.GradientTransform;
import io.github.matrixbackprop.optim.LearningRateSchedule;
import io.github.matrixbackprop.optim.ReduceOnPlateau;
import io.github.matrixbackprop.kernel.PackedKernel;
import io.github.matrixbackprop.kernel.Precision;
import io.github.matrixbackprop.util.Checks;
import java.util.List;

/**
 * The immutable settings of a {@link Trainer}.
 *
 * @param epochs             passes over the training data, {@code >= 1}
 * @param batchSize          samples per step, {@code >= 1} (the last batch of an epoch may be smaller);
 *                           in full-batch mode (L-BFGS), the most samples per chunk of a cost evaluation
 * @param seed               seeds the shuffling, the validation split and the dropout masks
 * @param shuffle            reshuffle the training samples every epoch (mini-batch mode only)
 * @param validationFraction fraction of the training data held out for validation when
 *                           {@link Trainer#fit(io.github.matrixbackprop.data.Dataset)} is given no
 *                           validation set, in {@code [0, 1)}; 0 = none
 * @param earlyStopping      early stopping, or {@code null} for none
 * @param schedule           the learning rate per epoch from the optimizer's initial rate
 * @param plateau            reduce the rate when the monitored cost stalls, or {@code null}
 * @param transforms         applied to every gradient before the update (e.g. clipping); mini-batch
 *                           mode only (a full-batch trainer refuses them)
 * @param batchEvents        whether listeners also get one call per batch (they do anyway when one of
 *                           them {@linkplain TrainingListener#needsBatchEvents() needs them})
 * @param threads            threads for the engine's matrix products, in {@code [1, 512]}, or 0 for
 *                           as many as there are processors; results are bit-identical for every count
 * @param precision          the precision of the engine's matrix products: {@code FLOAT64} (the default)
 *                           or {@code FLOAT32} (about twice as fast; see {@link Precision})
 */
public record TrainerConfig(int epochs, int batchSize, long seed, boolean shuffle, double validationFraction,
                            EarlyStopping earlyStopping, LearningRateSchedule schedule, ReduceOnPlateau plateau,
                            List<GradientTransform> transforms, boolean batchEvents, int threads,
                            Precision precision) {

    /**
     * Validates the settings.
     *
     * @param epochs passes over the training data, {@code >= 1}
     * @param batchSize samples per step, {@code >= 1} (the last batch of an epoch may be smaller); in
     *     full-batch mode (L-BFGS), the most samples per chunk of a cost evaluation
     * @param seed seeds the shuffling, the validation split and the dropout masks
     * @param shuffle reshuffle the training samples every epoch (mini-batch mode only)
     * @param validationFraction fraction of the training data held out for validation when {@link
     *     Trainer#fit(io.github.matrixbackprop.data.Dataset)} is given no validation set, in {@code [0, 1)}; 0
     *     = none
     * @param earlyStopping early stopping, or {@code null} for none
     * @param schedule the learning rate per epoch from the optimizer's initial rate
     * @param plateau reduce the rate when the monitored cost stalls, or {@code null}
     * @param transforms applied to every gradient before the update (e.g. clipping); mini-batch mode only
     * @param batchEvents whether listeners also get one call per batch
     * @param threads threads for the engine's matrix products, in {@code [1, 512]}, or 0 for as many as
     *     there are processors
     * @param precision the precision of the engine's matrix products
     * @throws IllegalArgumentException naming a setting outside its range
     */
    public TrainerConfig {
        Checks.positive(epochs, "epochs");
        Checks.positive(batchSize, "batch size");
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1) but was " + validationFraction);
        }
        Checks.notNull(schedule, "schedule");
        transforms = List.copyOf(Checks.notNull(transforms, "gradient transforms"));
        Checks.notNull(precision, "precision");
        if (threads < 0 || threads > PackedKernel.MAX_THREADS) {
            throw new IllegalArgumentException("threads must be in [0, " + PackedKernel.MAX_THREADS
                    + "] (0: as many as there are processors) but was " + threads);
        }
    }

    /**
     * 10 epochs, batch 32, seed 0, shuffled, no validation split, no early stopping, constant rate,
     * as many threads as there are processors, float64 products.
     *
     * @return the default settings
     */
    public static TrainerConfig defaults() {
        return new TrainerConfig(10, 32, 0L, true, 0.0, null, LearningRateSchedule.constant(), null, List.of(),
                false, 0, Precision.FLOAT64);
    }

    /**
     * The same with another number of epochs.
     *
     * @param n the new {@code epochs}: passes over the training data, {@code >= 1}
     * @return a copy that differs only in {@code epochs}; this one is unchanged
     */
    public TrainerConfig withEpochs(int n) {
        return new TrainerConfig(n, batchSize, seed, shuffle, validationFraction, earlyStopping, schedule, plateau,
                transforms, batchEvents, threads, precision);
    }

    /**
     * The same with another batch size.
     *
     * @param m the new {@code batchSize}: samples per step, {@code >= 1} (the last batch of an epoch may be
     *     smaller)
     * @return a copy that differs only in {@code batchSize}; this one is unchanged
     */
    public TrainerConfig withBatchSize(int m) {
        return new TrainerConfig(epochs, m, seed, shuffle, validationFraction, earlyStopping, schedule, plateau,
                transforms, batchEvents, threads, precision);
    }

    /**
     * The same with another seed.
     *
     * @param s the new {@code seed}: seeds the shuffling, the validation split and the dropout masks
     * @return a copy that differs only in {@code seed}; this one is unchanged
     */
    public TrainerConfig withSeed(long s) {
        return new TrainerConfig(epochs, batchSize, s, shuffle, validationFraction, earlyStopping, schedule, plateau,
                transforms, batchEvents, threads, precision);
    }

    /**
     * The same with shuffling on or off.
     *
     * @param on the new {@code shuffle}: reshuffle the training samples every epoch
     * @return a copy that differs only in {@code shuffle}; this one is unchanged
     */
    public TrainerConfig withShuffle(boolean on) {
        return new TrainerConfig(epochs, batchSize, seed, on, validationFraction, earlyStopping, schedule, plateau,
                transforms, batchEvents, threads, precision);
    }

    /**
     * The same with a seeded validation split of this fraction.
     *
     * @param f the new {@code validationFraction}: fraction of the training data held out for validation when
     *     {@link Trainer#fit(io.github.matrixbackprop.data.Dataset)} is given no validation set, in {@code [0,
     *     1)}; 0 = none
     * @return a copy that differs only in {@code validationFraction}; this one is unchanged
     */
    public TrainerConfig withValidationFraction(double f) {
        return new TrainerConfig(epochs, batchSize, seed, shuffle, f, earlyStopping, schedule, plateau, transforms,
                batchEvents, threads, precision);
    }

    /**
     * The same with early stopping ({@code null}: none).
     *
     * @param e the new {@code earlyStopping}: early stopping, or {@code null} for none
     * @return a copy that differs only in {@code earlyStopping}; this one is unchanged
     */
    public TrainerConfig withEarlyStopping(EarlyStopping e) {
        return new TrainerConfig(epochs, batchSize, seed, shuffle, validationFraction, e, schedule, plateau,
                transforms, batchEvents, threads, precision);
    }

    /**
     * The same with another schedule.
     *
     * @param s the new {@code schedule}: the learning rate per epoch from the optimizer's initial rate
     * @return a copy that differs only in {@code schedule}; this one is unchanged
     */
    public TrainerConfig withSchedule(LearningRateSchedule s) {
        return new TrainerConfig(epochs, batchSize, seed, shuffle, validationFraction, earlyStopping, s, plateau,
                transforms, batchEvents, threads, precision);
    }

    /**
     * The same with reduce-on-plateau ({@code null}: none).
     *
     * @param p the new {@code plateau}: reduce the rate when the monitored cost stalls, or {@code null}
     * @return a copy that differs only in {@code plateau}; this one is unchanged
     */
    public TrainerConfig withPlateau(ReduceOnPlateau p) {
        return new TrainerConfig(epochs, batchSize, seed, shuffle, validationFraction, earlyStopping, schedule, p,
                transforms, batchEvents, threads, precision);
    }

    /**
     * The same with these gradient transforms, applied in order before every update.
     *
     * @param t the new {@code transforms}: applied to every gradient before the update (e.g. clipping)
     * @return a copy that differs only in {@code transforms}; this one is unchanged
     */
    public TrainerConfig withTransforms(GradientTransform... t) {
        return new TrainerConfig(epochs, batchSize, seed, shuffle, validationFraction, earlyStopping, schedule, plateau,
                List.of(t), batchEvents, threads, precision);
    }

    /**
     * The same with per-batch listener calls on or off.
     *
     * @param on the new {@code batchEvents}: whether listeners also get one call per batch
     * @return a copy that differs only in {@code batchEvents}; this one is unchanged
     */
    public TrainerConfig withBatchEvents(boolean on) {
        return new TrainerConfig(epochs, batchSize, seed, shuffle, validationFraction, earlyStopping, schedule, plateau,
                transforms, on, threads, precision);
    }

    /**
     * The same with another thread count for the engine's matrix products (results are
     * bit-identical for every count).
     *
     * @param n the new {@code threads}: in {@code [1, 512]}, or 0 for as many as there are processors
     * @return a copy that differs only in {@code threads}; this one is unchanged
     */
    public TrainerConfig withThreads(int n) {
        return new TrainerConfig(epochs, batchSize, seed, shuffle, validationFraction, earlyStopping, schedule, plateau,
                transforms, batchEvents, n, precision);
    }

    /**
     * The same with another precision of the engine's matrix products.
     *
     * @param p the new {@code precision}: {@code FLOAT64} (the default) or {@code FLOAT32}
     * @return a copy that differs only in {@code precision}; this one is unchanged
     */
    public TrainerConfig withPrecision(Precision p) {
        return new TrainerConfig(epochs, batchSize, seed, shuffle, validationFraction, earlyStopping, schedule, plateau,
                transforms, batchEvents, threads, p);
    }
}
