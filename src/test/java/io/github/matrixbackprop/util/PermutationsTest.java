package io.github.matrixbackprop.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PermutationsTest {

    @Test
    void theShuffleIsAPermutationReproducibleForASeed() {
        int[] a = Permutations.identity(50);
        int[] b = Permutations.identity(50);
        int[] c = Permutations.identity(50);
        Permutations.shuffle(a, new SplittableRandom(3));
        Permutations.shuffle(b, new SplittableRandom(3));
        Permutations.shuffle(c, new SplittableRandom(4));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(Permutations.identity(50), sorted);
    }

    @Test
    void everyOrderOfThreeIsAboutEquallyLikely() {
        SplittableRandom random = new SplittableRandom(11);
        int[] counts = new int[6];
        for (int t = 0; t < 60_000; t++) {
            int[] p = Permutations.identity(3);
            Permutations.shuffle(p, random);
            counts[p[0] * 2 + (p[1] < p[2] ? 0 : 1)]++;
        }
        for (int k : counts) {
            assertEquals(10_000, k, 400, Arrays.toString(counts)); // 4 standard deviations
        }
    }

    @Test
    void aNegativeLengthIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Permutations.identity(-2));
        assertEquals("a permutation's length must be >= 0 but was -2", e.getMessage());
    }
}
