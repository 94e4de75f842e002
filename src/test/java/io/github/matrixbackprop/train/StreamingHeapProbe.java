package io.github.matrixbackprop.train;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.CsvBatchSource;
import io.github.matrixbackprop.data.CsvOptions;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Trains one epoch over a CSV file streamed by {@link CsvBatchSource} and prints
 * {@code rows <m> cost <c> peakHeap <bytes>}: the peak of the heap pools' usage summed, which
 * counts garbage not yet collected too. Run in a child JVM with a small heap by
 * {@link StreamingHeapTest}.
 */
public final class StreamingHeapProbe {

    private StreamingHeapProbe() {
    }

    /** Args: the CSV file (features then a class label), the shuffle buffer rows. */
    public static void main(String[] args) throws Exception {
        CsvBatchSource source = CsvBatchSource.open(Path.of(args[0]), CsvOptions.defaults(),
                Integer.parseInt(args[1]));
        Network net = Network.builder(source.featureCount()).dense(16, Activations.relu())
                .dense(source.targetWidth(), Activations.softmax()).seed(1).build();
        TrainingResult r = new Trainer(net, Losses.softmaxCrossEntropy(), Adam.defaults().withLr(1e-3),
                TrainerConfig.defaults().withEpochs(1).withBatchSize(256).withSeed(3).withThreads(1)).fit(source);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("rows " + source.size() + " cost " + r.last().trainCost() + " peakHeap " + peak);
    }
}
