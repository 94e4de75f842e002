package io.github.matrixbackprop.data;

/**
 * A training set and a test set.
 *
 * @param train the data to train on
 * @param test  the data held out
 */
public record TrainTest(Dataset train, Dataset test) {
}
