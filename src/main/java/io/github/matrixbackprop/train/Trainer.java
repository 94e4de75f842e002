package io.github.matrixbackprop.train;

import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.data.BatchSource;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.data.MalformedDataException;
import io.github.matrixbackprop.kernel.Kernels;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.GradientTransform;
import io.github.matrixbackprop.optim.LearningRateSchedule;
import io.github.matrixbackprop.optim.Optimizer;
import io.github.matrixbackprop.optim.OptimizerSpec;
import io.github.matrixbackprop.optim.Optimizers;
import io.github.matrixbackprop.optim.ReduceOnPlateau;
import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Mini-batch training: per epoch, a seeded shuffle of the training samples, then for every batch
 * the engine's gradient ({@link Backprop}), the configured gradient transforms, and one optimizer
 * step; after the epoch, validation, the learning-rate schedule, reduce-on-plateau and early
 * stopping. The data are a {@link Dataset} in memory or a {@link BatchSource} (for example a file
 * streamed from disk, see {@link #fit(BatchSource, BatchSource)}).
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Determinism: the same network, data, optimizer and {@link TrainerConfig} (seed included)
 *       give bit-identical parameters.</li>
 *   <li>Divergence: a non-finite cost, gradient or parameter stops training with a
 *       {@link TrainingDivergedException} naming the epoch, the batch and what went non-finite
 *       (for a gradient, the layer and tensor); the network then holds the parameters of the last
 *       finite step, never a half-updated state.</li>
 *   <li>Early stopping restores the best epoch's parameters exactly.</li>
 * </ul>
 *
 * <p>The learning rate of epoch {@code e} (from 0) is {@code schedule(lr_0, e)} times the
 * reduce-on-plateau scale, where {@code lr_0} is the optimizer's rate when {@code fit} starts.
 *
 * <p>Thread-safety: a trainer and the network it trains must be used by one thread at a time;
 * nothing else may read the network's parameters while {@code fit} runs. Separate trainers on
 * separate networks may run in parallel.
 */
public final class Trainer {

    private final Network network;
    private final Loss loss;
    private final Optimizer optimizer;
    private final TrainerConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();

    /**
     * A trainer with a fresh optimizer made from {@code spec}.
     *
     * @param network the network to train; its parameters are updated in place
     * @param loss the loss
     * @param spec the optimizer's configuration
     * @param config the training settings
     */
    public Trainer(Network network, Loss loss, OptimizerSpec spec, TrainerConfig config) {
        this(network, loss, Checks.notNull(spec, "optimizer").create(network), config);
    }

    /**
     * A trainer that continues with an existing optimizer (and its state) bound to {@code network}.
     *
     * @param network the network to train; its parameters are updated in place
     * @param loss the loss
     * @param optimizer an optimizer bound to {@code network}
     * @param config the training settings
     */
    public Trainer(Network network, Loss loss, Optimizer optimizer, TrainerConfig config) {
        this.network = Checks.notNull(network, "network");
        this.loss = Checks.notNull(loss, "loss");
        Checks.notNull(optimizer, "optimizer");
        if (optimizer.network() != network) {
            throw new IllegalArgumentException("the optimizer is bound to another network");
        }
        this.config = Checks.notNull(config, "config");
        this.optimizer = config.transforms().isEmpty() ? optimizer
                : Optimizers.chain(optimizer, config.transforms().toArray(GradientTransform[]::new));
        loss.checkOutputActivation(network.layer(network.depth()).activation());
    }

    /**
     * Adds a listener; returns this trainer.
     *
     * @param listener receives the reports
     * @return this trainer
     */
    public Trainer addListener(TrainingListener listener) {
        listeners.add(Checks.notNull(listener, "listener"));
        return this;
    }

    /**
     * The optimizer (with its state), e.g. to save it for resuming.
     *
     * @return the optimizer
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Trains on {@code train}, holding out a seeded {@link TrainerConfig#validationFraction()} of it
     * for validation when that is above 0. The whole dataset is validated before the first step
     * (see {@link #fit(Dataset, Dataset)}), so an error names the row of {@code train}.
     *
     * @param train the training data; not modified
     * @return the history of the epochs run
     * @throws IllegalArgumentException if the data does not fit the network or the loss (naming the
     *                                  row), or the validation fraction leaves a part empty; nothing
     *                                  is changed then
     * @throws TrainingDivergedException if training diverges (see the class comment)
     */
    public TrainingResult fit(Dataset train) {
        Checks.notNull(train, "training data");
        validate(train, "training data");
        if (config.validationFraction() == 0) {
            return runValidated(train, null);
        }
        int m = train.size();
        int held = (int) Math.round(m * config.validationFraction());
        if (held < 1 || held >= m) {
            throw new IllegalArgumentException("a validation fraction of " + config.validationFraction() + " of "
                    + m + " samples leaves " + held + " for validation and " + (m - held) + " for training");
        }
        int[] order = identity(m);
        shuffle(order, new SplittableRandom(config.seed() ^ 0x5DEECE66DL));
        return runValidated(train.rows(order, held, m), train.rows(order, 0, held));
    }

    /**
     * Trains on {@code train} and validates on {@code validation} ({@code null}: no validation;
     * early stopping and reduce-on-plateau then monitor the training cost).
     *
     * <p>Both datasets are validated in full before the first step: their widths against the
     * network, every value finite, every target row accepted by the loss
     * ({@link Loss#checkTargets}). A failure names the dataset and its row and leaves the network
     * and the optimizer untouched.
     *
     * @param train the training data; not modified
     * @param validation the validation data, or {@code null}; not modified
     * @return the history of the epochs run
     * @throws IllegalArgumentException if a dataset does not fit the network or the loss, naming it and the
     *                                  row; nothing is changed then
     * @throws TrainingDivergedException if training diverges (see the class comment)
     */
    public TrainingResult fit(Dataset train, Dataset validation) {
        Checks.notNull(train, "training data");
        validate(train, "training data");
        if (validation != null) {
            validate(validation, "validation data");
        }
        return runValidated(train, validation);
    }

    /**
     * Trains on the batches of {@code train} (for example a file streamed from disk by
     * {@link io.github.matrixbackprop.data.CsvBatchSource}); the same as {@code fit(train, null)}.
     *
     * @param train the training data; epoch {@code e} is {@code train.epoch(e, seed, shuffle)} with the
     *     config's seed and shuffle setting
     * @return the history of the epochs run
     * @throws IOException if reading the data fails, or a {@link io.github.matrixbackprop.data.MalformedDataException}
     *     naming the file and line of bad data; the network and the optimizer are then as they were before
     *     {@code fit}
     * @throws IllegalArgumentException if the source's widths do not fit the network, the config asks for a
     *     validation fraction, or a batch holds a value that is not finite or a target the loss does not
     *     accept (naming where the row comes from); nothing is changed then
     * @throws TrainingDivergedException if training diverges (see the class comment)
     */
    public TrainingResult fit(BatchSource train) throws IOException {
        return fit(train, null);
    }

    /**
     * Trains on the batches of {@code train} and validates on those of {@code validation}
     * ({@code null}: no validation; early stopping and reduce-on-plateau then monitor the training
     * cost). A {@link Dataset} is a source through {@link BatchSource#of(Dataset)}; with
     * {@code BatchSource.of(dataset)} as the training source, training is bit-identical to
     * {@link #fit(Dataset, Dataset)}.
     *
     * <p>A source is not read in full before training starts, so its data are checked batch by
     * batch, before the step on that batch: every value finite, every target row accepted by the
     * loss ({@link Loss#checkTargets}), with an error naming the source's origin of the row (e.g.
     * {@code train.csv line 12}). When a batch fails, or reading fails, the network and the
     * optimizer are put back to their state before {@code fit} (a copy is kept for that) and the
     * exception propagates. The validation source is read once per epoch, in its stored order.
     * {@link TrainerConfig#validationFraction()} must be 0 (a held-out part needs the rows in
     * memory; pass a validation source instead).
     *
     * @param train the training data; epoch {@code e} is {@code train.epoch(e, seed, shuffle)} with the
     *     config's seed and shuffle setting
     * @param validation the validation data, or {@code null}
     * @return the history of the epochs run
     * @throws IOException if reading the data fails, or a {@link io.github.matrixbackprop.data.MalformedDataException}
     *     naming the file and line of bad data; the network and the optimizer are then as they were before
     *     {@code fit}
     * @throws IllegalArgumentException if a source's widths do not fit the network, the config asks for a
     *     validation fraction, or a batch holds a value that is not finite or a target the loss does not
     *     accept (naming the source and where the row comes from); the network and the optimizer are then
     *     as they were before {@code fit}
     * @throws TrainingDivergedException if training diverges (see the class comment)
     */
    public TrainingResult fit(BatchSource train, BatchSource validation) throws IOException {
        Checks.notNull(train, "training data");
        if (config.validationFraction() != 0) {
            throw new IllegalArgumentException("a validation fraction of " + config.validationFraction() + " needs"
                    + " the rows in memory (fit(Dataset)); give fit(BatchSource, BatchSource) a validation source"
                    + " or set the fraction to 0");
        }
        requireFits(train.featureCount(), train.targetWidth(), "training data");
        if (validation != null) {
            requireFits(validation.featureCount(), validation.targetWidth(), "validation data");
        }
        Network initial = network.copy();
        Optimizer.Checkpoint start = optimizer.checkpoint();
        start.save();
        try {
            return run(train, validation, true);
        } catch (IOException | IllegalArgumentException e) {
            network.setParameters(initial);
            start.restore();
            throw e;
        }
    }

    /** Training on datasets validated in full: no checks per batch, and reading cannot fail. */
    private TrainingResult runValidated(Dataset train, Dataset validation) {
        try {
            return run(BatchSource.of(train), validation != null ? BatchSource.of(validation) : null, false);
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory dataset failed to read", e);
        }
    }

    private TrainingResult run(BatchSource train, BatchSource validation, boolean check) throws IOException {
        Backprop engine = new Backprop(network, loss, config.threads() == 0
                ? Kernels.defaultKernel(config.precision()) : Kernels.withThreads(config.threads(), config.precision()));
        Gradients grads = engine.gradients();
        AccuracyKind kind = AccuracyKind.forLoss(loss, network.outputSize());
        long m = train.size();
        int batches = (int) ((m + config.batchSize() - 1) / config.batchSize());
        int steadyFrom = batches / 2;
        DMatrixRMaj xb = new DMatrixRMaj(config.batchSize(), train.featureCount());
        DMatrixRMaj yb = new DMatrixRMaj(config.batchSize(), train.targetWidth());
        BatchCheck batchCheck = check ? new BatchCheck(loss) : null;
        Network lastFinite = network.copy();
        Optimizer.Checkpoint checkpoint = optimizer.checkpoint();
        Network best = config.earlyStopping() != null ? network.copy() : null;
        ReduceOnPlateau.Tracker plateau = config.plateau() != null ? config.plateau().tracker() : null;
        LearningRateSchedule schedule = config.schedule();
        double baseLr = optimizer.learningRate();
        List<EpochReport> history = new ArrayList<>();
        RateWindow rate = new RateWindow();
        double bestCost = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int badEpochs = 0;
        boolean stoppedEarly = false;
        long start = System.nanoTime();

        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            double lr = schedule.learningRate(baseLr, epoch - 1);
            optimizer.setLearningRate(plateau != null ? plateau.apply(lr) : lr);
            double costSum = 0;
            double correct = 0;
            long steadyStart = epochStart;
            long seen = 0;
            try (BatchSource.Epoch batchesOfEpoch = train.epoch(epoch, config.seed(), config.shuffle())) {
                for (int b = 0; ; b++) {
                    if (b == steadyFrom) {
                        steadyStart = System.nanoTime();
                    }
                    int rows = batchesOfEpoch.next(config.batchSize(), xb, yb);
                    if (rows == 0) {
                        break;
                    }
                    seen += rows;
                    if (batchCheck != null) {
                        batchCheck.check(xb, yb, batchesOfEpoch, "training data");
                    }
                    double cost = engine.compute(xb, yb);
                    if (!Double.isFinite(cost)) {
                        throw new TrainingDivergedException(epoch, b + 1, "the cost is " + cost);
                    }
                    String bad = firstNonFinite(grads);
                    if (bad != null) {
                        throw new TrainingDivergedException(epoch, b + 1, "the gradient " + bad + " is not finite");
                    }
                    costSum += cost * rows;
                    if (kind != null) {
                        correct += score(kind, engine.output(), yb);
                    }
                    lastFinite.setParameters(network);
                    checkpoint.save();
                    optimizer.step(grads);
                    String badParam = firstNonFiniteParameter();
                    if (badParam != null) {
                        network.setParameters(lastFinite);
                        checkpoint.restore();
                        throw new TrainingDivergedException(epoch, b + 1, "the step made " + badParam + " non-finite");
                    }
                    if (config.batchEvents()) {
                        BatchReport report = new BatchReport(epoch, b + 1, batches, cost, rows);
                        listeners.forEach(l -> l.onBatchEnd(report));
                    }
                }
            }
            requireRows(seen, m, "training data", epoch);
            long trained = System.nanoTime();
            rate.add(m - Math.min(m, (long) steadyFrom * config.batchSize()), trained - steadyStart);
            double trainCost = costSum / m;
            double valCost = Double.NaN;
            double valAcc = Double.NaN;
            if (validation != null) {
                double[] v = evaluate(engine, validation, xb, yb, kind, batchCheck);
                valCost = v[0];
                valAcc = v[1];
            }
            double monitored = validation != null ? valCost : trainCost;
            if (!Double.isFinite(monitored)) {
                throw new TrainingDivergedException(epoch, batches, "the validation cost is " + monitored);
            }
            long now = System.nanoTime();
            double perSecond = rate.samplesPerSecond();
            long left = (long) ((config.epochs() - epoch) * (m / perSecond * 1e9 + (now - trained)));
            EpochReport report = new EpochReport(epoch, config.epochs(), trainCost, valCost,
                    kind != null ? correct / m : Double.NaN, valAcc, kind, optimizer.learningRate(),
                    Duration.ofNanos(now - start), Duration.ofNanos(now - epochStart), perSecond,
                    Duration.ofNanos(left));
            history.add(report);
            if (plateau != null) {
                plateau.observe(monitored, lr);
            }
            boolean improved = monitored < bestCost - (config.earlyStopping() != null
                    ? config.earlyStopping().minDelta() : 0.0);
            if (improved) {
                bestCost = monitored;
                bestEpoch = epoch;
                badEpochs = 0;
                if (best != null) {
                    best.setParameters(network);
                }
            } else {
                badEpochs++;
            }
            listeners.forEach(l -> l.onEpochEnd(report));
            if (config.earlyStopping() != null && badEpochs >= config.earlyStopping().patience()) {
                stoppedEarly = epoch < config.epochs();
                break;
            }
        }
        if (best != null && bestEpoch > 0) {
            network.setParameters(best);
        }
        return new TrainingResult(history, bestEpoch, stoppedEarly);
    }

    /** Samples per second over the steady part (second half of the batches) of the last three epochs. */
    private static final class RateWindow {
        private final long[] samples = new long[3];
        private final long[] nanos = new long[3];
        private int count;

        void add(long s, long ns) {
            samples[count % 3] = s;
            nanos[count % 3] = Math.max(1, ns);
            count++;
        }

        double samplesPerSecond() {
            long s = 0;
            long ns = 0;
            for (int i = 0; i < Math.min(count, 3); i++) {
                s += samples[i];
                ns += nanos[i];
            }
            return s / (ns / 1e9);
        }
    }

    /** Cost and accuracy on {@code data} in its stored order, in chunks of the batch size: {@code {cost, accuracy}}. */
    private double[] evaluate(Backprop engine, BatchSource data, DMatrixRMaj xb, DMatrixRMaj yb, AccuracyKind kind,
                              BatchCheck batchCheck) throws IOException {
        long n = data.size();
        double sum = 0;
        double correct = 0;
        long seen = 0;
        try (BatchSource.Epoch pass = data.epoch(0, config.seed(), false)) {
            int rows;
            while ((rows = pass.next(config.batchSize(), xb, yb)) > 0) {
                seen += rows;
                if (batchCheck != null) {
                    batchCheck.check(xb, yb, pass, "validation data");
                }
                sum += engine.cost(xb, yb) * rows;
                if (kind != null) {
                    correct += score(kind, engine.output(), yb);
                }
            }
        }
        requireRows(seen, n, "validation data", 0);
        return new double[] {sum / n, kind != null ? correct / n : Double.NaN};
    }

    /** A source must hand out as many rows as it says it has (a file that changed while being read does not). */
    private static void requireRows(long seen, long size, String role, int epoch) throws MalformedDataException {
        if (seen != size) {
            throw new MalformedDataException(role + ": the source handed out " + seen + " rows in "
                    + (epoch > 0 ? "epoch " + epoch : "a pass") + " but has " + size);
        }
    }

    /** The summed accuracy score of a batch: the engine's output (columns) against targets (rows). */
    private static double score(AccuracyKind kind, DMatrixRMaj outputColumns, DMatrixRMaj targetRows) {
        double c = 0;
        for (int i = 0; i < targetRows.numRows; i++) {
            c += kind.score(outputColumns, true, targetRows, i);
        }
        return c;
    }

    /** The whole dataset against the network and the loss, before anything changes. */
    private void validate(Dataset d, String role) {
        requireFits(d, role);
        Checks.allFinite(d.features(), role + " features");
        Checks.allFinite(d.targets(), role + " targets");
        try {
            loss.checkTargets(CommonOps_DDRM.transpose(d.targets(), null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(role + " (sample i is row i of the dataset): " + e.getMessage(), e);
        }
    }

    private void requireFits(Dataset d, String role) {
        requireFits(d.featureCount(), d.targetWidth(), role);
    }

    private void requireFits(int features, int targetWidth, String role) {
        if (features != network.inputSize() || targetWidth != network.outputSize()) {
            throw new IllegalArgumentException(role + " has " + features + " features and targets of width "
                    + targetWidth + " but the network maps " + network.inputSize() + " inputs to "
                    + network.outputSize() + " outputs");
        }
    }

    private static String firstNonFinite(Gradients g) {
        for (int l = 1; l <= g.depth(); l++) {
            if (!allFinite(g.weights(l))) {
                return "dC/dW^" + l + " of layer " + l;
            }
            if (!allFinite(g.bias(l))) {
                return "dC/db^" + l + " of layer " + l;
            }
        }
        return null;
    }

    private String firstNonFiniteParameter() {
        for (int l = 1; l <= network.depth(); l++) {
            if (!allFinite(network.layer(l).weights())) {
                return "W^" + l + " of layer " + l;
            }
            if (!allFinite(network.layer(l).bias())) {
                return "b^" + l + " of layer " + l;
            }
        }
        return null;
    }

    private static boolean allFinite(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            if (!Double.isFinite(m.data[i])) {
                return false;
            }
        }
        return true;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Fisher-Yates shuffle driven by {@code random}. */
    static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
