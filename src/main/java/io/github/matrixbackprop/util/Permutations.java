package io.github.matrixbackprop.util;

import java.util.SplittableRandom;

/**
 * The one sample-order shuffle of the library: the identity permutation of {@code 0..n-1} and a
 * Fisher-Yates shuffle driven by a {@link SplittableRandom} ({@code j = nextInt(i + 1)} for
 * {@code i = n-1 .. 1}, then swap {@code a[i]} and {@code a[j]}). The trainer's epochs, the
 * dataset splits and the Spark module's mini-batches all draw their orders with it, so the same
 * seed gives the same order everywhere, on every JDK 17+.
 */
public final class Permutations {

    private Permutations() {
    }

    /**
     * The identity permutation {@code 0, 1, ..., n-1}.
     *
     * @param n its length, {@code >= 0}
     * @return a new array
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static int[] identity(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a permutation's length must be >= 0 but was " + n);
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /**
     * Shuffles {@code a} in place: for {@code i = n-1} down to 1, {@code j = random.nextInt(i + 1)}
     * and swap {@code a[i]}, {@code a[j]}.
     *
     * @param a the array to shuffle; modified
     * @param random the generator; advanced by {@code n - 1} draws
     * @throws NullPointerException if an argument is null
     */
    public static void shuffle(int[] a, SplittableRandom random) {
        Checks.notNull(a, "array");
        Checks.notNull(random, "random");
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
