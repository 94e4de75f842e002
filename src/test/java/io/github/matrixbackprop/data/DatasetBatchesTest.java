package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The in-memory source: the trainer's shuffle, whatever order the epochs are read in. */
class DatasetBatchesTest {

    private static Dataset rows(int m) {
        double[][] x = new double[m][];
        double[][] y = new double[m][];
        for (int i = 0; i < m; i++) {
            x[i] = new double[] {i, -i};
            y[i] = new double[] {i % 2, 1 - i % 2};
        }
        return Dataset.of(x, y);
    }

    /** The order of epoch {@code e}: {@code e} Fisher-Yates shuffles of the identity, one generator for all. */
    private static int[] reference(int m, long seed, int epoch) {
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int e = 0; e < epoch; e++) {
            for (int i = m - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    @Test
    void epochsFollowTheTrainersShuffleInAnyOrder() throws IOException {
        Dataset d = rows(37);
        BatchSource source = BatchSource.of(d);
        for (int epoch : new int[] {1, 2, 3, 1, 5, 4}) {
            CsvBatchSourceTest.Pass p = CsvBatchSourceTest.read(source, epoch, 11, true, 8);
            int[] order = reference(37, 11, epoch);
            for (int i = 0; i < 37; i++) {
                assertEquals(order[i], p.x()[2 * i], "epoch " + epoch + ", position " + i);
                assertEquals("row " + order[i], p.origins().get(i));
            }
        }
        assertArrayEquals(d.features().data, CsvBatchSourceTest.read(source, 3, 11, false, 5).x());
        assertEquals(37, source.size());
    }
}
