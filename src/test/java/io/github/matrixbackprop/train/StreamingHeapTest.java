package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on a CSV file more than four times larger than the heap: a child JVM with
 * {@code -Xmx32m} trains one epoch over a generated file of about 137 MB streamed by
 * {@code CsvBatchSource} and must finish with a peak heap below its limit.
 */
class StreamingHeapTest {

    private static final int HEAP_MB = 32;

    @TempDir
    Path dir;

    /** {@code rows} rows of 16 features {@code -9.99999 .. 9.99999} and a label of three; returns the file. */
    private Path generate(int rows) throws IOException {
        Path file = dir.resolve("big.csv");
        SplittableRandom r = new SplittableRandom(1);
        byte[] row = new byte[16 * 9 + 8];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            StringBuilder header = new StringBuilder();
            for (int k = 0; k < 16; k++) {
                header.append('f').append(k).append(',');
            }
            out.write(header.append("kind\n").toString().getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < rows; i++) {
                int n = 0;
                int best = 0;
                int bestValue = Integer.MIN_VALUE;
                for (int k = 0; k < 16; k++) {
                    int v = r.nextInt(-999_999, 1_000_000);
                    if (k < 3 && v > bestValue) {
                        best = k;
                        bestValue = v;
                    }
                    row[n++] = (byte) (v < 0 ? '-' : '+');
                    int a = Math.abs(v);
                    row[n++] = (byte) ('0' + a / 100_000);
                    row[n++] = '.';
                    for (int d = 10_000; d >= 1; d /= 10) {
                        row[n++] = (byte) ('0' + a / d % 10);
                    }
                    row[n++] = ',';
                }
                row[n++] = (byte) ('a' + best);
                row[n++] = '\n';
                out.write(row, 0, n);
            }
        }
        return file;
    }

    @Test
    void aFileFourTimesTheHeapTrainsWithinTheHeap() throws Exception {
        Path file = generate(940_000);
        long size = Files.size(file);
        assertTrue(size >= 4L * HEAP_MB * 1024 * 1024, "the file has " + size + " bytes");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx" + HEAP_MB + "m", "-cp",
                System.getProperty("java.class.path"), StreamingHeapProbe.class.getName(), file.toString(), "4096"))
                .redirectErrorStream(false).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish in 120 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "the child failed: " + err);
        String[] last = out.lines().reduce((a, b) -> b).orElse("").split(" ");
        assertEquals("rows", last[0], out);
        assertEquals(940_000, Long.parseLong(last[1]));
        double cost = Double.parseDouble(last[3]);
        assertTrue(cost < Math.log(3), "one epoch learns something: mean cost " + cost);
        long peak = Long.parseLong(last[5]);
        assertTrue(peak < HEAP_MB * 1024L * 1024, "peak heap " + peak + " bytes");
        System.out.printf("streamed %d MB with -Xmx%dm: peak heap %.1f MB%n", size >> 20, HEAP_MB, peak / 1048576.0);
    }
}
