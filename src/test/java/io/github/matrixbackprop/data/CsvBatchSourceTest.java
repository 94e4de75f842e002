package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.FuzzCorpus;
import io.github.matrixbackprop.Mutator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming CSV source against the in-memory reader, and its shuffle buffer. */
class CsvBatchSourceTest {

    @TempDir
    Path dir;

    /** Every batch of one epoch, concatenated: features, targets and origins. */
    record Pass(double[] x, double[] y, List<String> origins, int batches) {
    }

    static Pass read(BatchSource source, int epoch, long seed, boolean shuffle, int batch) throws IOException {
        DMatrixRMaj xb = new DMatrixRMaj(1, 1);
        DMatrixRMaj yb = new DMatrixRMaj(1, 1);
        double[] x = new double[0];
        double[] y = new double[0];
        List<String> origins = new ArrayList<>();
        int batches = 0;
        try (BatchSource.Epoch e = source.epoch(epoch, seed, shuffle)) {
            int b;
            while ((b = e.next(batch, xb, yb)) > 0) {
                assertTrue(b <= batch);
                assertEquals(b, xb.numRows);
                assertEquals(source.featureCount(), xb.numCols);
                assertEquals(source.targetWidth(), yb.numCols);
                x = concat(x, Arrays.copyOf(xb.data, b * xb.numCols));
                y = concat(y, Arrays.copyOf(yb.data, b * yb.numCols));
                for (int i = 0; i < b; i++) {
                    origins.add(e.origin(i));
                }
                batches++;
            }
            assertEquals(0, e.next(batch, xb, yb), "the end stays the end");
        }
        return new Pass(x, y, origins, batches);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Rows {@code id, f1, f2, label} with labels from {@code labels}; with blank lines, CRLF and a quoted field. */
    private Path csv(String name, int rows, String[] labels, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("id,f1,f2,label\n");
        for (int i = 0; i < rows; i++) {
            sb.append(i).append(',').append(String.format(Locale.ROOT, "%.5f", r.nextGaussian() * 10)).append(',')
                    .append(i % 17 == 0 ? "\"" + r.nextDouble() + "\"" : Double.toString(r.nextDouble() * 1e-3))
                    .append(',').append(labels[r.nextInt(labels.length)]).append(i % 5 == 0 ? "\r\n" : "\n");
            if (i % 23 == 0) {
                sb.append("\n");
            }
        }
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    @Test
    void withoutShufflingTheBatchesAreTheRowsOfTheReaderBitForBit() throws IOException {
        Path file = csv("a.csv", 503, new String[] {"cat", "dog", "bird"}, 1);
        LabeledData all = CsvReader.read(file, CsvOptions.defaults());
        CsvBatchSource source = CsvBatchSource.open(file, CsvOptions.defaults(), 64);
        assertEquals(all.classNames(), source.classNames());
        assertEquals(all.featureNames(), source.featureNames());
        assertEquals(503, source.size());
        Pass p = read(source, 1, 9, false, 10);
        assertArrayEquals(all.dataset().features().data, p.x());
        assertArrayEquals(all.dataset().targets().data, p.y());
        assertEquals(51, p.batches());
        assertEquals("a.csv line 2", p.origins().get(0));
        assertEquals("a.csv line 4", p.origins().get(1), "the blank line after the first row is counted");
    }

    @Test
    void streamedTargetsMatchTheReaderForEveryTaskAndPolicy() throws IOException {
        String text = "x,y,t\n1,NA,0\n2,5,1\n,7,0\n4,8,1\n5,1e308,1\n6,1e308,0\n";
        Path file = Files.writeString(dir.resolve("m.csv"), text);
        List<CsvOptions> options = List.of(
                CsvOptions.defaults().withMissing(CsvOptions.MissingValues.COLUMN_MEAN),
                CsvOptions.defaults().withMissing(CsvOptions.MissingValues.SKIP_ROW).withTask(CsvOptions.Task.BINARY),
                CsvOptions.defaults().withMissing(CsvOptions.MissingValues.COLUMN_MEAN).withTarget("t")
                        .withTask(CsvOptions.Task.REGRESSION),
                CsvOptions.defaults().withMissing(CsvOptions.MissingValues.SKIP_ROW).withClasses(List.of("1", "0")));
        for (CsvOptions o : options) {
            Dataset d = CsvReader.read(file, o).dataset();
            Pass p = read(CsvBatchSource.open(file, o, 3), 1, 0, false, 4);
            assertArrayEquals(d.features().data, p.x(), o.toString());
            assertArrayEquals(d.targets().data, p.y(), o.toString());
        }
    }

    @Test
    void shuffledEpochsAreReproducibleForASeedAndDifferAcrossSeedsAndEpochs() throws IOException {
        Path file = csv("s.csv", 400, new String[] {"a", "b"}, 2);
        CsvBatchSource source = CsvBatchSource.open(file, CsvOptions.defaults(), 50);
        Pass first = read(source, 1, 7, true, 32);
        Pass again = read(source, 1, 7, true, 32);
        assertArrayEquals(first.x(), again.x());
        assertArrayEquals(first.y(), again.y());
        assertEquals(first.origins(), again.origins());
        // an epoch does not depend on the epochs read before it
        read(source, 2, 7, true, 32);
        assertArrayEquals(first.x(), read(source, 1, 7, true, 5).x());
        assertFalse(Arrays.equals(first.x(), read(source, 1, 8, true, 32).x()), "another seed, another order");
        assertFalse(Arrays.equals(first.x(), read(source, 2, 7, true, 32).x()), "another epoch, another order");
        assertFalse(Arrays.equals(first.x(), read(source, 1, 7, false, 32).x()), "shuffled at all");
    }

    @Test
    void everyRowAppearsOnceAndNoRowComesOutMoreThanTheBufferEarly() throws IOException {
        Path file = csv("o.csv", 300, new String[] {"a", "b", "c"}, 3);
        Dataset d = CsvReader.read(file, CsvOptions.defaults()).dataset();
        for (int buffer : new int[] {1, 7, 64, 1000}) {
            CsvBatchSource source = CsvBatchSource.open(file, CsvOptions.defaults(), buffer);
            for (long seed = 0; seed < 3; seed++) {
                Pass p = read(source, 1, seed, true, 13);
                int n0 = source.featureCount();
                boolean[] seen = new boolean[300];
                for (int pos = 0; pos < 300; pos++) {
                    int id = (int) p.x()[pos * n0];
                    assertFalse(seen[id], "row " + id + " twice");
                    seen[id] = true;
                    assertTrue(pos >= id - (buffer - 1), "row " + id + " at position " + pos + " with a buffer of "
                            + buffer);
                    // the row handed out is the file's row, features and target
                    assertArrayEquals(Arrays.copyOfRange(d.features().data, id * n0, id * n0 + n0),
                            Arrays.copyOfRange(p.x(), pos * n0, pos * n0 + n0));
                    assertArrayEquals(Arrays.copyOfRange(d.targets().data, id * 3, id * 3 + 3),
                            Arrays.copyOfRange(p.y(), pos * 3, pos * 3 + 3));
                }
                if (buffer == 1) {
                    assertArrayEquals(d.features().data, p.x(), "a buffer of one row is the file order");
                }
            }
        }
    }

    @Test
    void aBufferAsLargeAsTheFileGivesEveryRowEveryPosition() throws IOException {
        // with B >= m the order is a uniform permutation: over many seeds row 0 lands in every position
        Path file = csv("u.csv", 6, new String[] {"a", "b"}, 4);
        CsvBatchSource source = CsvBatchSource.open(file, CsvOptions.defaults(), 6);
        int[] positions = new int[6];
        for (long seed = 0; seed < 600; seed++) {
            Pass p = read(source, 1, seed, true, 6);
            for (int pos = 0; pos < 6; pos++) {
                if (p.x()[pos * 3] == 0) {
                    positions[pos]++;
                }
            }
        }
        for (int count : positions) {
            assertTrue(count > 60 && count < 140, Arrays.toString(positions));
        }
    }

    @Test
    void errorsAreTheReadersErrorsNamingFileLineAndColumn() throws IOException {
        String[] bad = {
            "a,b,y\n1,2,x\n3,abc,y\n4,5,x\n",
            "a,b,y\n1,2,x\n3,4\n",
            "a,b,y\n1,2,x\n3,\"4,y\n",
            "a,b,y\n1,2,x\n3,4,\n",
            "a,b,y\n1,2,x\n3,inf,y\n",
        };
        for (int i = 0; i < bad.length; i++) {
            Path file = Files.writeString(dir.resolve("bad" + i + ".csv"), bad[i]);
            MalformedDataException expected = assertThrows(MalformedDataException.class,
                    () -> CsvReader.read(file, CsvOptions.defaults()));
            MalformedDataException e = assertThrows(MalformedDataException.class,
                    () -> CsvBatchSource.open(file, CsvOptions.defaults(), 10));
            assertEquals(expected.getMessage(), e.getMessage());
            assertTrue(e.getMessage().startsWith("bad" + i + ".csv line 3"), e.getMessage());
        }
        Path given = Files.writeString(dir.resolve("given.csv"), "a,y\n1,cat\n2,fish\n");
        MalformedDataException label = assertThrows(MalformedDataException.class, () -> CsvBatchSource.open(given,
                CsvOptions.defaults().withClasses(List.of("cat", "dog")), 10));
        assertEquals("given.csv line 3, column 2 ('y'): the label 'fish' is not one of the 2 given classes 'cat',"
                + " 'dog'", label.getMessage());
    }

    @Test
    void mutatedFilesAreReadOrRejectedExactlyAsTheReaderDoes() throws IOException {
        Mutator mutator = new Mutator(5);
        int[] outcomes = new int[2];
        for (int i = 0; i < 600; i++) {
            FuzzCorpus.Target target = FuzzCorpus.CSV_TARGETS[i % FuzzCorpus.CSV_TARGETS.length];
            byte[] input = mutator.mutate(i % 2 == 0 ? FuzzCorpus.csvCleanSeed(target) : FuzzCorpus.csvSeed(target));
            Path file = Files.write(dir.resolve("fuzz.csv"), input);
            CsvOptions o = target.csvOptions();
            String expected;
            try {
                LabeledData d = CsvReader.read(file, o);
                expected = "ok " + Arrays.toString(d.dataset().features().data) + " "
                        + Arrays.toString(d.dataset().targets().data) + " " + d.classNames();
                outcomes[0]++;
            } catch (MalformedDataException e) {
                expected = e.getMessage();
                outcomes[1]++;
            }
            String actual;
            try {
                CsvBatchSource source = CsvBatchSource.open(file, o, 1 + i % 5);
                Pass p = read(source, 1, i, false, 1 + i % 3);
                actual = "ok " + Arrays.toString(p.x()) + " " + Arrays.toString(p.y()) + " " + source.classNames();
            } catch (MalformedDataException e) {
                actual = e.getMessage();
            }
            assertEquals(expected, actual, "input " + i + " with " + target);
        }
        assertTrue(outcomes[0] > 20 && outcomes[1] > 20, Arrays.toString(outcomes));
    }

    @Test
    void aFileThatChangesAfterItWasOpenedIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("c.csv"), "a,y\n1,cat\n2,dog\n");
        CsvBatchSource source = CsvBatchSource.open(file, CsvOptions.defaults(), 10);
        Files.writeString(file, "a,y\n1,cat\n2,dog\n3,cat\n");
        MalformedDataException more = assertThrows(MalformedDataException.class, () -> read(source, 1, 0, false, 8));
        assertEquals("c.csv: 3 rows in this pass but 2 when the file was opened (it changed)", more.getMessage());
        Files.writeString(file, "a,y\n1,cat\n2,cow\n");
        MalformedDataException cow = assertThrows(MalformedDataException.class, () -> read(source, 1, 0, false, 8));
        assertEquals("c.csv line 3, column 2 ('y'): the label 'cow' is not one of the 2 given classes 'cat', 'dog'",
                cow.getMessage());
    }

    @Test
    void argumentsAreChecked() throws IOException {
        Path file = Files.writeString(dir.resolve("ok.csv"), "a,y\n1,cat\n2,dog\n");
        assertThrows(IllegalArgumentException.class, () -> CsvBatchSource.open(file, CsvOptions.defaults(), 0));
        CsvBatchSource source = CsvBatchSource.open(file, CsvOptions.defaults(), 4);
        assertThrows(IllegalArgumentException.class, () -> source.epoch(-1, 0, true));
        try (BatchSource.Epoch e = source.epoch(1, 0, true)) {
            DMatrixRMaj m = new DMatrixRMaj(1, 1);
            assertThrows(IllegalArgumentException.class, () -> e.next(0, m, new DMatrixRMaj(1, 1)));
            assertThrows(IllegalArgumentException.class, () -> e.next(2, m, m));
        }
        assertNotEquals(0, source.size());
    }
}
