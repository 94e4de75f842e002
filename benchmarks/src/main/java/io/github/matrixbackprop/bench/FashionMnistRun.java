package io.github.matrixbackprop.bench;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.IdxReader;
import io.github.matrixbackprop.data.TrainTest;
import io.github.matrixbackprop.kernel.Precision;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.train.Metrics;
import io.github.matrixbackprop.train.Trainer;
import io.github.matrixbackprop.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The end-to-end run of compare.py: Fashion-MNIST, 784-256-10 (ReLU, softmax cross-entropy),
 * Adam lr 1e-3, batch 128, 5 epochs, 1 thread. Prints one JSON line: training seconds, test
 * accuracy and the process's peak resident memory ({@code VmHWM}).
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * io.github.matrixbackprop.bench.FashionMnistRun DIR float64|float32 [EPOCHS]}
 */
public final class FashionMnistRun {

    private FashionMnistRun() {
    }

    /**
     * Runs it.
     *
     * @param args the data directory, the precision and optionally the number of epochs
     * @throws IOException if the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Precision precision = args[1].equals("float32") ? Precision.FLOAT32 : Precision.FLOAT64;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        TrainTest data = IdxReader.directory(dir);
        Network net = Network.builder(784).dense(256, Activations.relu()).dense(10, Activations.softmax()).seed(1)
                .build();
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(epochs).withBatchSize(128).withSeed(1)
                .withThreads(1).withPrecision(precision);
        long start = System.nanoTime();
        new Trainer(net, Losses.softmaxCrossEntropy(), Adam.of(1e-3), cfg).fit(data.train());
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = Metrics.accuracy(net.predict(data.test().features()), data.test().targets());
        System.out.printf(Locale.ROOT, "{\"seconds\": %.3f, \"accuracy\": %.4f, \"peak_rss_mb\": %.1f}%n", seconds,
                accuracy, peakRssMb());
    }

    /** {@code VmHWM} of /proc/self/status in MB, or NaN where there is none. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
