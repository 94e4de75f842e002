package io.github.matrixbackprop.bench;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.BundledDatasets;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.data.Splits;
import io.github.matrixbackprop.data.TrainTest;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.optim.LbfgsSpec;
import io.github.matrixbackprop.train.EpochReport;
import io.github.matrixbackprop.train.Metrics;
import io.github.matrixbackprop.train.Trainer;
import io.github.matrixbackprop.train.TrainerConfig;
import io.github.matrixbackprop.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Time to a test accuracy of 97% on the bundled digits (stratified 80/20 split, standardised
 * features), 64-64-10 (ReLU, softmax cross-entropy), seed 42, one thread: Adam (lr 3e-3, batch
 * 32, as the demo) against full-batch L-BFGS with the strong Wolfe line search (lr 1, history
 * 100, one pass per evaluation), stepped with 5 and with 20 iterations per step. Test accuracy is
 * measured after every epoch (Adam) or step (L-BFGS), and that time is not counted. Every
 * configuration first runs twice briefly to warm up the JIT, then five times in turn with the
 * others (the runs are deterministic; only the times vary). Prints one JSON object: per
 * configuration the epochs or steps and the passes over the training set (Adam: epochs; L-BFGS:
 * cost evaluations) until the target was first reached, the median and smallest seconds to it,
 * and the test accuracy after 30 epochs or steps.
 *
 * <p>{@code java -cp benchmarks.jar io.github.matrixbackprop.bench.LbfgsVsAdam [THREADS]}
 */
public final class LbfgsVsAdam {

    private static final double TARGET = 0.97;
    private static final int MAX_EPOCHS = 30;
    private static final int REPEATS = 5;

    private LbfgsVsAdam() {
    }

    /**
     * Runs it.
     *
     * @param args optionally the number of threads (default 1)
     */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        TrainTest split = Splits.stratified(BundledDatasets.digits().dataset(), 0.2, 42);
        Scaler scaler = Scaler.standardize(split.train().features());
        Dataset train = scaler.apply(split.train());
        Dataset test = scaler.apply(split.test());
        LbfgsSpec lbfgs = LbfgsSpec.defaults().withLineSearch(LbfgsSpec.LineSearch.STRONG_WOLFE);
        List<Run> runs = List.of(
                new Run("adam", "lr 0.003, batch 32", null, Adam.of(3e-3), 32),
                new Run("lbfgs", "strong_wolfe, lr 1, max_iter 5, history 100", lbfgs.withMaxIter(5), null, 4096),
                new Run("lbfgs", "strong_wolfe, lr 1, max_iter 20, history 100", lbfgs, null, 4096));
        for (Run run : runs) {
            run.measure(train, test, threads, 2);
            run.measure(train, test, threads, 2);
        }
        List<List<Watch>> watches = new ArrayList<>();
        runs.forEach(r -> watches.add(new ArrayList<>()));
        for (int rep = 0; rep < REPEATS; rep++) {
            for (int i = 0; i < runs.size(); i++) {
                watches.get(i).add(runs.get(i).measure(train, test, threads, MAX_EPOCHS));
            }
        }
        List<String> results = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            results.add(json(runs.get(i), watches.get(i)));
        }
        System.out.printf(Locale.ROOT, "{\"dataset\": \"digits\", \"train\": %d, \"test\": %d, \"network\":"
                + " \"64-64 relu-10 softmax\", \"threads\": %d, \"target_test_accuracy\": %.2f, \"runs\": [%n  %s%n]}%n",
                train.size(), test.size(), threads, TARGET, String.join(",\n  ", results));
    }

    /** One configuration: Adam (mini-batch) or L-BFGS (full batch). */
    private record Run(String optimizer, String settings, LbfgsSpec lbfgs, Adam adam, int batch) {

        Watch measure(Dataset train, Dataset test, int threads, int epochs) {
            Network net = Network.builder(64).dense(64, Activations.relu()).dense(10, Activations.softmax()).seed(42)
                    .build();
            Loss loss = Losses.softmaxCrossEntropy();
            TrainerConfig config = TrainerConfig.defaults().withEpochs(epochs).withBatchSize(batch).withSeed(42)
                    .withThreads(threads);
            Trainer trainer = lbfgs != null ? new Trainer(net, loss, lbfgs, config) : new Trainer(net, loss, adam, config);
            LongSupplier passes = lbfgs != null ? () -> trainer.lbfgs().functionEvaluations() : null;
            Watch watch = new Watch(net, test, passes);
            trainer.addListener(watch).fit(train);
            return watch;
        }
    }

    /** Test accuracy after every epoch; remembers when it first reached the target. */
    private static final class Watch implements TrainingListener {
        private final Network net;
        private final Dataset test;
        private final LongSupplier evaluations;
        private long measuringNanos;
        private int epochs;
        private int reachedAt = -1;
        private double reachedSeconds = Double.NaN;
        private long reachedPasses = -1;
        private double accuracy;
        private double seconds;

        Watch(Network net, Dataset test, LongSupplier evaluations) {
            this.net = net;
            this.test = test;
            this.evaluations = evaluations;
        }

        @Override
        public void onEpochEnd(EpochReport report) {
            long start = System.nanoTime();
            accuracy = Metrics.accuracy(net.predict(test.features()), test.targets());
            epochs = report.epoch();
            seconds = (report.elapsed().toNanos() - measuringNanos) / 1e9;
            if (reachedAt < 0 && accuracy >= TARGET) {
                reachedAt = report.epoch();
                reachedSeconds = seconds;
                reachedPasses = evaluations != null ? evaluations.getAsLong() : report.epoch();
            }
            measuringNanos += System.nanoTime() - start;
        }

    }

    /** The repeated measurements of one configuration as JSON (counts from the first; they do not vary). */
    private static String json(Run run, List<Watch> watches) {
        Watch w = watches.get(0);
        double[] toTarget = watches.stream().mapToDouble(x -> x.reachedSeconds).sorted().toArray();
        double[] total = watches.stream().mapToDouble(x -> x.seconds).sorted().toArray();
        String unit = run.lbfgs() != null ? "steps" : "epochs";
        return String.format(Locale.ROOT, "{\"optimizer\": \"%s\", \"settings\": \"%s\", \"%s_to_target\": %d,"
                + " \"training_set_passes_to_target\": %d, \"median_seconds_to_target\": %.3f,"
                + " \"min_seconds_to_target\": %.3f, \"%s_run\": %d, \"median_seconds_run\": %.3f,"
                + " \"final_test_accuracy\": %.4f}", run.optimizer(), run.settings(), unit, w.reachedAt, w.reachedPasses,
                toTarget[toTarget.length / 2], toTarget[0], unit, w.epochs, total[total.length / 2], w.accuracy);
    }
}
