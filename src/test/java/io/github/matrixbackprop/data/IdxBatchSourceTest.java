package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.FuzzCorpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming IDX source against {@link IdxReader#images}. */
class IdxBatchSourceTest {

    @TempDir
    Path dir;

    /** {@code count} 3x2 images whose first pixel is the item's index, and labels {@code i % 4}. */
    private Path[] files(int count, boolean gzip) throws IOException {
        byte[] pixels = new byte[count * 6];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            pixels[i * 6] = (byte) i;
            for (int k = 1; k < 6; k++) {
                pixels[i * 6 + k] = (byte) (i * 7 + k * 31);
            }
            labels[i] = (byte) (i % 4);
        }
        byte[] img = FuzzCorpus.idx(0x08, new int[] {count, 3, 2}, pixels);
        byte[] lab = FuzzCorpus.idx(0x08, new int[] {count}, labels);
        String ext = gzip ? ".gz" : "";
        return new Path[] {Files.write(dir.resolve("images" + ext), gzip ? FuzzCorpus.gzip(img) : img),
            Files.write(dir.resolve("labels" + ext), gzip ? FuzzCorpus.gzip(lab) : lab)};
    }

    @Test
    void withoutShufflingTheBatchesAreTheDatasetOfIdxReader() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path[] f = files(100, gzip);
            Dataset d = IdxReader.images(f[0], f[1], 4);
            IdxBatchSource source = IdxBatchSource.open(f[0], f[1], 4, 16);
            assertEquals(100, source.size());
            assertEquals(6, source.featureCount());
            assertEquals(4, source.targetWidth());
            CsvBatchSourceTest.Pass p = CsvBatchSourceTest.read(source, 1, 3, false, 32);
            assertArrayEquals(d.features().data, p.x());
            assertArrayEquals(d.targets().data, p.y());
            assertEquals(f[0].getFileName() + " item 0", p.origins().get(0));
        }
    }

    @Test
    void shuffledItemsAreReproducibleAndEachComesOnce() throws IOException {
        Path[] f = files(200, true);
        Dataset d = IdxReader.images(f[0], f[1], 4);
        IdxBatchSource source = IdxBatchSource.open(f[0], f[1], 4, 20);
        CsvBatchSourceTest.Pass a = CsvBatchSourceTest.read(source, 1, 5, true, 32);
        assertArrayEquals(a.x(), CsvBatchSourceTest.read(source, 1, 5, true, 7).x());
        assertFalse(Arrays.equals(a.x(), CsvBatchSourceTest.read(source, 1, 6, true, 32).x()));
        boolean[] seen = new boolean[200];
        for (int pos = 0; pos < 200; pos++) {
            int id = (int) Math.round(a.x()[pos * 6] * 255);
            assertFalse(seen[id], "item " + id + " twice");
            seen[id] = true;
            assertTrue(pos >= id - 19, "item " + id + " at " + pos);
            assertArrayEquals(Arrays.copyOfRange(d.targets().data, id * 4, id * 4 + 4),
                    Arrays.copyOfRange(a.y(), pos * 4, pos * 4 + 4));
            assertEquals(f[0].getFileName() + " item " + id, a.origins().get(pos));
        }
    }

    @Test
    void badFilesAreNamedAsIdxReaderNamesThem() throws IOException {
        Path[] f = files(10, false);
        MalformedDataException expected = assertThrows(MalformedDataException.class,
                () -> IdxReader.images(f[0], f[1], 3));
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> IdxBatchSource.open(f[0], f[1], 3, 4));
        assertEquals(expected.getMessage(), e.getMessage());
        assertEquals("labels: label 3.0 of item 3 is not a class in 0..2", e.getMessage());
        Path shortLabels = Files.write(dir.resolve("few"), FuzzCorpus.idx(0x08, new int[] {9}, new byte[9]));
        assertEquals("images and few: 10 images but 9 labels", assertThrows(MalformedDataException.class,
                () -> IdxBatchSource.open(f[0], shortLabels, 4, 4)).getMessage());
        // a raw file cut off is found when opened
        byte[] img = Files.readAllBytes(f[0]);
        Path cut = Files.write(dir.resolve("cut"), Arrays.copyOf(img, img.length - 5));
        assertEquals(assertThrows(MalformedDataException.class, () -> IdxReader.read(cut)).getMessage(),
                assertThrows(MalformedDataException.class, () -> IdxBatchSource.open(cut, f[1], 4, 4)).getMessage());
    }

    @Test
    void aCompressedFileCutOffOrNotFiniteIsNamedWhenAnEpochReachesIt() throws IOException {
        Path[] f = files(10, false);
        byte[] img = Files.readAllBytes(f[0]);
        Path cut = Files.write(dir.resolve("cut.gz"), FuzzCorpus.gzip(Arrays.copyOf(img, img.length - 5)));
        IdxBatchSource source = IdxBatchSource.open(cut, f[1], 4, 4);
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> CsvBatchSourceTest.read(source, 1, 0, false, 4));
        assertEquals(assertThrows(MalformedDataException.class, () -> IdxReader.read(cut)).getMessage(),
                e.getMessage());
        ByteBuffer floats = ByteBuffer.allocate(2 * 2 * 4);
        floats.putFloat(0.5f).putFloat(Float.NaN).putFloat(1f).putFloat(2f);
        Path nan = Files.write(dir.resolve("nan"), FuzzCorpus.idx(0x0D, new int[] {2, 2}, floats.array()));
        Path two = Files.write(dir.resolve("two"), FuzzCorpus.idx(0x08, new int[] {2}, new byte[] {0, 1}));
        IdxBatchSource bad = IdxBatchSource.open(nan, two, 2, 4);
        assertEquals("nan: item 0 holds NaN at value 1, which is not finite", assertThrows(
                MalformedDataException.class, () -> CsvBatchSourceTest.read(bad, 1, 0, false, 4)).getMessage());
    }
}
