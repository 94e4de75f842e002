package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.IdxReader;
import io.github.matrixbackprop.data.TrainTest;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.kernel.Precision;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Trains on Fashion-MNIST (60,000 + 10,000 images, Debian package {@code dataset-fashion-mnist})
 * with the settings PyTorch reaches about 86% with: 784-128-10, ReLU, softmax cross-entropy,
 * Adam lr 1e-3, batch 128, 5 epochs. The directory is {@code -Dfashion.mnist.dir}, else
 * {@code /usr/share/datasets/fashion-mnist}. Without the data the test fails in CI (where
 * {@code .ci/run} installs it) and is reported as not run elsewhere.
 */
class FashionMnistTest {

    static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void reachesAtLeast85PercentInFiveEpochs() throws IOException {
        Path dir = Path.of(System.getProperty("fashion.mnist.dir", DEFAULT_DIR.toString()));
        if (!Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))
                && !Files.isRegularFile(dir.resolve("train-images-idx3-ubyte"))) {
            String why = "Fashion-MNIST is not in " + dir + ": install Debian's dataset-fashion-mnist"
                    + " (apt-get install dataset-fashion-mnist) or set -Dfashion.mnist.dir";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + " (CI must have it: .ci/run installs it)");
            }
            Assumptions.abort(why);
        }
        long start = System.nanoTime();
        TrainTest data = IdxReader.directory(dir);
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
        long loaded = System.nanoTime();

        Network net = Network.builder(784).dense(128, Activations.relu()).dense(10, Activations.softmax()).seed(1)
                .build();
        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(5).withBatchSize(128).withSeed(1);
        TrainingResult r = new Trainer(net, Losses.softmaxCrossEntropy(), Adam.defaults().withLr(1e-3), cfg)
                .addListener(new ProgressPrinter()).fit(data.train());
        long trained = System.nanoTime();
        double accuracy = Metrics.accuracy(net.predict(data.test().features()), data.test().targets());
        System.out.printf(Locale.ROOT, "fashion-mnist: test accuracy %.4f, loading %.1f s, training %.1f s%n",
                accuracy, (loaded - start) / 1e9, (trained - loaded) / 1e9);
        assertEquals(5, r.history().size());
        assertTrue(accuracy >= 0.85, "test accuracy " + accuracy + " is below 0.85");

        // the same run with float32 products: within 0.3 points of the float64 run
        Network net32 = Network.builder(784).dense(128, Activations.relu()).dense(10, Activations.softmax()).seed(1)
                .build();
        long start32 = System.nanoTime();
        new Trainer(net32, Losses.softmaxCrossEntropy(), Adam.defaults().withLr(1e-3),
                cfg.withPrecision(Precision.FLOAT32)).fit(data.train());
        long trained32 = System.nanoTime();
        double accuracy32 = Metrics.accuracy(net32.predict(data.test().features()), data.test().targets());
        System.out.printf(Locale.ROOT, "fashion-mnist float32: test accuracy %.4f, training %.1f s%n", accuracy32,
                (trained32 - start32) / 1e9);
        assertEquals(accuracy, accuracy32, 0.003, "float32 against float64 test accuracy");
    }
}
