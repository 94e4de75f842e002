package io.github.matrixbackprop.train;

import java.time.Duration;

/**
 * What one epoch did.
 *
 * @param epoch              the epoch, from 1
 * @param epochs             the number of epochs configured
 * @param trainCost          mean cost over the epoch's batches, weighted by batch size (parameters change
 *     during the epoch)
 * @param validationCost     cost on the validation set after the epoch, NaN without one
 * @param trainAccuracy      accuracy of the kind {@code accuracyKind} on the training samples during the
 *     epoch; NaN for regression losses
 * @param validationAccuracy accuracy of the kind {@code accuracyKind} on the validation samples after the
 *     epoch; NaN without validation or for regression
 * @param accuracyKind       how accuracy is counted for this loss and output, or {@code null} for regression
 * @param learningRate       the rate used in this epoch
 * @param elapsed            time since training started
 * @param epochTime          time of this epoch (training and validation)
 * @param samplesPerSecond   training samples per second over a moving window: the second half of the
 *     batches of each of the last (up to) three epochs, so that the JIT's warm-up at the start does not
 *     count
 * @param timeLeft           an estimate of the remaining time, from the same window plus the last
 *     validation's time ({@code Duration.ZERO} after the last epoch)
 */
public record EpochReport(int epoch, int epochs, double trainCost, double validationCost, double trainAccuracy,
                          double validationAccuracy, AccuracyKind accuracyKind, double learningRate,
                          Duration elapsed, Duration epochTime, double samplesPerSecond, Duration timeLeft) {

    /**
     * The name of the accuracy this report carries, as progress lines and history files show it.
     *
     * @return {@link AccuracyKind#label()} of {@code accuracyKind}, e.g. {@code "hamming acc"}, or
     *     {@code null} for regression
     */
    public String metricName() {
        return accuracyKind == null ? null : accuracyKind.label();
    }
}
