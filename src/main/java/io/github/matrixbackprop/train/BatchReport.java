package io.github.matrixbackprop.train;

/**
 * What one step did.
 *
 * @param epoch   the epoch, from 1
 * @param epochs  the number of epochs configured
 * @param batch   the batch within the epoch, from 1
 * @param batches the number of batches per epoch
 * @param cost    the batch cost before the step
 * @param samples the number of samples in the batch
 */
public record BatchReport(int epoch, int epochs, int batch, int batches, double cost, int samples) {
}
