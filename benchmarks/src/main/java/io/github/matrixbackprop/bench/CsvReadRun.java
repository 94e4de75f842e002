package io.github.matrixbackprop.bench;

import io.github.matrixbackprop.data.CsvOptions;
import io.github.matrixbackprop.data.CsvReader;
import io.github.matrixbackprop.data.LabeledData;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The CSV side of csv_compare.py: reads a numeric CSV file with a header (the last column a
 * regression target) and prints one JSON line: the seconds the read took, the numeric payload
 * (8 bytes per value of the features and targets), the peak heap in use during the read (the sum
 * of the heap pools' peak usage, reset before the read, so garbage not yet collected counts too),
 * and the process's peak resident memory ({@code VmHWM}).
 *
 * <p>{@code java -cp benchmarks.jar io.github.matrixbackprop.bench.CsvReadRun FILE}
 */
public final class CsvReadRun {

    private CsvReadRun() {
    }

    /**
     * Runs it.
     *
     * @param args the CSV file
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        CsvOptions options = CsvOptions.defaults().withTask(CsvOptions.Task.REGRESSION);
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long start = System.nanoTime();
        LabeledData data = CsvReader.read(file, options);
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long values = (long) data.dataset().size() * (data.dataset().featureCount() + data.dataset().targetWidth());
        System.out.printf(Locale.ROOT, "{\"seconds\": %.3f, \"rows\": %d, \"payload_mb\": %.1f, \"peak_heap_mb\": %.1f,"
                + " \"peak_rss_mb\": %.1f}%n", seconds, data.dataset().size(), values * 8 / 1e6, peak / 1e6,
                FashionMnistRun.peakRssMb());
    }
}
