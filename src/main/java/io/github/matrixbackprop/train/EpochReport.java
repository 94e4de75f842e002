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
 * @param trainAccuracy      fraction of training samples classified right during the epoch; NaN for regression
 *     losses
 * @param validationAccuracy fraction of validation samples classified right after the epoch; NaN without
 *     validation or for regression
 * @param learningRate       the rate used in this epoch
 * @param elapsed            time since training started
 * @param epochTime          time of this epoch (training and validation)
 * @param samplesPerSecond   training samples per second in this epoch
 */
public record EpochReport(int epoch, int epochs, double trainCost, double validationCost, double trainAccuracy,
                          double validationAccuracy, double learningRate, Duration elapsed, Duration epochTime,
                          double samplesPerSecond) {

    /**
     * An estimate of the remaining time: mean epoch time so far times the epochs left.
     *
     * @return the estimate ({@code Duration.ZERO} after the last epoch)
     */
    public Duration timeLeft() {
        return elapsed.dividedBy(epoch).multipliedBy(epochs - epoch);
    }
}
