package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import io.github.matrixbackprop.util.Permutations;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded train/test splits. Stateless and thread-safe. */
public final class Splits {

    private Splits() {
    }

    /**
     * A random split: {@code round(m testFraction)} rows for the test set, the rest for training,
     * each in a seeded random order.
     *
     * @param data the samples to split; not modified
     * @param testFraction the share of the test set, in {@code (0, 1)}; both parts must keep at least one sample
     * @param seed seeds the order
     * @return the training and the test set
     */
    public static TrainTest random(Dataset data, double testFraction, long seed) {
        Checks.notNull(data, "data");
        int[] order = permutation(data.size(), new SplittableRandom(seed));
        int test = testCount(data.size(), testFraction);
        return new TrainTest(data.rows(order, test, order.length), data.rows(order, 0, test));
    }

    /**
     * A stratified split for classification: each class (arg max of its target row) contributes
     * {@code round(m_c testFraction)} of its rows to the test set, so class proportions are kept.
     *
     * @param data the samples to split, with one-hot targets; not modified
     * @param testFraction the share of the test set, in {@code (0, 1)}; both parts must keep at least one sample
     * @param seed seeds the order
     * @return the training and the test set
     */
    public static TrainTest stratified(Dataset data, double testFraction, long seed) {
        Checks.notNull(data, "data");
        testCount(data.size(), testFraction);
        int[] classes = Labels.classes(data.targets());
        int k = 0;
        for (int c : classes) {
            k = Math.max(k, c + 1);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < classes.length; i++) {
            byClass.get(classes[i]).add(i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> rows : byClass) {
            int[] order = permutation(rows.size(), random);
            int t = (int) Math.round(rows.size() * testFraction);
            for (int i = 0; i < order.length; i++) {
                (i < t ? test : train).add(rows.get(order[i]));
            }
        }
        // interleave classes: shuffle each side once more so the rows are not grouped by class
        int[] tr = shuffled(train, random);
        int[] te = shuffled(test, random);
        if (tr.length == 0 || te.length == 0) {
            throw new IllegalArgumentException("a test fraction of " + testFraction + " of " + data.size()
                    + " samples leaves " + te.length + " for testing and " + tr.length + " for training");
        }
        return new TrainTest(data.rows(tr, 0, tr.length), data.rows(te, 0, te.length));
    }

    private static int testCount(int m, double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1) but was " + fraction);
        }
        int t = (int) Math.round(m * fraction);
        if (t < 1 || t >= m) {
            throw new IllegalArgumentException("a test fraction of " + fraction + " of " + m + " samples leaves "
                    + t + " for testing and " + (m - t) + " for training");
        }
        return t;
    }

    private static int[] shuffled(List<Integer> rows, SplittableRandom random) {
        int[] order = permutation(rows.size(), random);
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(order[i]);
        }
        return out;
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates, {@link Permutations}). */
    static int[] permutation(int n, SplittableRandom random) {
        int[] a = Permutations.identity(n);
        Permutations.shuffle(a, random);
        return a;
    }
}
