package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.matrixbackprop.FuzzCorpus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    static byte[] idx(int type, int[] dims, byte[] data) {
        return FuzzCorpus.idx(type, dims, data);
    }

    static byte[] gzip(byte[] raw) {
        return FuzzCorpus.gzip(raw);
    }

    private static IdxArray read(byte[] b) throws IOException {
        return IdxReader.read(new ByteArrayInputStream(b), "t.idx");
    }

    @Test
    void readsEveryElementTypeRawAndGzipped() throws IOException {
        byte[] ubyte = idx(0x08, new int[] {2, 2}, new byte[] {0, 1, (byte) 200, (byte) 255});
        assertArrayEquals(new double[] {0, 1, 200, 255}, read(ubyte).values());
        assertArrayEquals(new double[] {0, 1, 200, 255}, read(gzip(ubyte)).values());
        assertArrayEquals(new double[] {-1, 5}, read(idx(0x09, new int[] {2}, new byte[] {-1, 5})).values());
        assertArrayEquals(new double[] {-2, 258},
                read(idx(0x0B, new int[] {2}, new byte[] {(byte) 0xff, (byte) 0xfe, 1, 2})).values());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.writeInt(-70000);
        o.writeFloat(1.5f);
        o.writeDouble(Math.PI);
        byte[] all = b.toByteArray();
        assertArrayEquals(new double[] {-70000}, read(idx(0x0C, new int[] {1}, java.util.Arrays.copyOfRange(all, 0, 4))).values());
        assertArrayEquals(new double[] {1.5}, read(idx(0x0D, new int[] {1}, java.util.Arrays.copyOfRange(all, 4, 8))).values());
        assertArrayEquals(new double[] {Math.PI}, read(idx(0x0E, new int[] {1}, java.util.Arrays.copyOfRange(all, 8, 16))).values());
        IdxArray a = read(idx(0x08, new int[] {3, 2, 2}, new byte[12]));
        assertEquals(3, a.count());
        assertEquals(4, a.itemSize());
    }

    @Test
    void rejectsBadMagicTypeAndLengthNamingThem() {
        MalformedDataException magic = assertThrows(MalformedDataException.class,
                () -> read(new byte[] {1, 0, 8, 1, 0, 0, 0, 0}));
        assertTrue(magic.getMessage().contains("not an IDX file"), magic.getMessage());
        MalformedDataException type = assertThrows(MalformedDataException.class,
                () -> read(idx(0x07, new int[] {1}, new byte[1])));
        assertTrue(type.getMessage().contains("0x07"), type.getMessage());
        MalformedDataException shorter = assertThrows(MalformedDataException.class,
                () -> read(idx(0x08, new int[] {5}, new byte[3])));
        assertTrue(shorter.getMessage().contains("declares 5 values") && shorter.getMessage().contains("after 3"),
                shorter.getMessage());
        MalformedDataException longer = assertThrows(MalformedDataException.class,
                () -> read(idx(0x08, new int[] {2}, new byte[3])));
        assertTrue(longer.getMessage().contains("data after"), longer.getMessage());
        MalformedDataException header = assertThrows(MalformedDataException.class,
                () -> read(new byte[] {0, 0, 8, 2, 0, 0}));
        assertTrue(header.getMessage().contains("header"), header.getMessage());
        // the gzip magic and nothing else: the gzip header is cut off (the JDK's EOFException has no message)
        MalformedDataException gzipHeader = assertThrows(MalformedDataException.class,
                () -> read(new byte[] {0x1f, (byte) 0x8b, 8}));
        assertTrue(gzipHeader.getMessage().endsWith(": the gzip header is cut off"), gzipHeader.getMessage());
    }

    @Test
    void aForgedHugeHeaderFailsWithoutAllocatingIt() throws IOException {
        // claims 2^31 - 1 x 2^31 - 1 values: refused from the header alone
        MalformedDataException huge = assertThrows(MalformedDataException.class,
                () -> read(idx(0x0E, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE}, new byte[0])));
        assertTrue(huge.getMessage().contains("more than"), huge.getMessage());
        // claims 2^31 - 9 doubles (16 GiB) but holds 8 bytes: fails at the end of the data, having grown
        // its buffer only as far as the data went
        MalformedDataException truncated = assertThrows(MalformedDataException.class,
                () -> read(idx(0x0E, new int[] {Integer.MAX_VALUE - 8}, new byte[8])));
        assertTrue(truncated.getMessage().contains("ends after 1"), truncated.getMessage());
        // zero items of 2^24 x 3 * 2^24 values each: no values at all, but itemSize() would overflow an int
        MalformedDataException items = assertThrows(MalformedDataException.class,
                () -> read(idx(0x08, new int[] {0, 1 << 24, 3 << 24}, new byte[0])));
        assertTrue(items.getMessage().contains("items of more than"), items.getMessage());
        IdxArray empty = read(idx(0x08, new int[] {0, 5, 7}, new byte[0]));
        assertEquals(0, empty.count());
        assertEquals(35, empty.itemSize());
    }

    @Test
    void imagesAndLabelsBecomeAScaledOneHotDataset(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Files.write(images, gzip(idx(0x08, new int[] {2, 2, 2}, new byte[] {0, (byte) 255, 51, 102, 0, 0, 0, 0})));
        Files.write(labels, idx(0x08, new int[] {2}, new byte[] {3, 0}));
        Dataset d = IdxReader.images(images, labels, 10);
        assertEquals(2, d.size());
        assertEquals(4, d.featureCount());
        assertEquals(1.0, d.features().get(0, 1));
        assertEquals(0.2, d.features().get(0, 2), 1e-16);
        assertArrayEquals(new int[] {3, 0}, Labels.classes(d.targets()));
        Files.write(labels, idx(0x08, new int[] {2}, new byte[] {3, 10}));
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> IdxReader.images(images, labels, 10));
        assertTrue(e.getMessage().contains("label 10.0 of item 1"), e.getMessage());
        Files.write(labels, idx(0x08, new int[] {3}, new byte[] {3, 1, 2}));
        MalformedDataException count = assertThrows(MalformedDataException.class,
                () -> IdxReader.images(images, labels, 10));
        assertTrue(count.getMessage().contains("2 images but 3 labels"), count.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> IdxReader.directory(dir));
    }

    @Test
    void aSmallFileClaimingHugeDataFailsAsTruncatedWithoutAllocatingTheClaim() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs the HotSpot thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "needs the HotSpot thread allocation counter");
        // claims 2^31 - 9 unsigned bytes but holds 8 MiB of them; gzip makes that a file of a few KiB
        int arrived = 8 << 20;
        byte[] raw = idx(0x08, new int[] {(int) IdxReader.MAX_VALUES}, new byte[arrived]);
        byte[] gz = gzip(raw);
        assertTrue(gz.length < 64 << 10, gz.length + " bytes");
        for (byte[] file : new byte[][] {gz, raw}) {
            ByteArrayInputStream in = new ByteArrayInputStream(file);
            long before = threads.getCurrentThreadAllocatedBytes();
            MalformedDataException e = assertThrows(MalformedDataException.class, () -> IdxReader.read(in, "t.idx"));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals("t.idx: the header declares 2147483639 values ([2147483639]) but the data ends after 8388608",
                    e.getMessage());
            // the 8 MiB that arrived, one more chunk and buffers; doubles for them alone would take 64 MiB
            assertTrue(allocated < 32L << 20, "allocated " + allocated + " bytes");
        }
    }
}
