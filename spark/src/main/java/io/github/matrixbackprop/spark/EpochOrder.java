package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.util.Permutations;
import java.util.SplittableRandom;

/**
 * The sample order of each epoch, as the single-machine {@code Trainer} draws it: the identity
 * permutation of {@code 0..n-1}, shuffled in place at the start of every epoch by a Fisher-Yates
 * shuffle driven by one {@code SplittableRandom(seed)} ({@code j = nextInt(i + 1)} for
 * {@code i = n-1..1}). Epoch {@code e} (from 1) is the permutation after {@code e} shuffles.
 */
final class EpochOrder {

    private final int[] order;
    private final long seed;
    private SplittableRandom random;
    private int epoch;

    EpochOrder(int n, long seed) {
        this.order = new int[n];
        this.seed = seed;
        reset();
    }

    private void reset() {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        random = new SplittableRandom(seed);
        epoch = 0;
    }

    /** The number of samples {@code n}. */
    int size() {
        return order.length;
    }

    /** The order of epoch {@code e >= 1}: a live array, valid until the next call with another epoch. */
    int[] epoch(int e) {
        if (e < epoch) {
            reset();
        }
        while (epoch < e) {
            Permutations.shuffle(order, random);
            epoch++;
        }
        return order;
    }
}
