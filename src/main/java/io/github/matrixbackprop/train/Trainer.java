package io.github.matrixbackprop.train;

import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.DropoutMasks;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.data.BatchSource;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.data.MalformedDataException;
import io.github.matrixbackprop.kernel.Kernels;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.GradientTransform;
import io.github.matrixbackprop.optim.Lbfgs;
import io.github.matrixbackprop.optim.LbfgsSpec;
import io.github.matrixbackprop.optim.LearningRateSchedule;
import io.github.matrixbackprop.optim.Optimizer;
import io.github.matrixbackprop.optim.OptimizerSpec;
import io.github.matrixbackprop.optim.Optimizers;
import io.github.matrixbackprop.optim.ReduceOnPlateau;
import io.github.matrixbackprop.util.Checks;
import io.github.matrixbackprop.util.Permutations;
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
 * <p>Sample weights: when the training data has them ({@link Dataset#withSampleWeights}), every
 * batch carries the weights of its rows (they follow the rows through the shuffle) and the engine
 * minimises the weighted batch cost {@code C_b = sum_i s_i l_i / N_b},
 * {@code N_b = sum_i s_i rho_i} ({@link Backprop#compute(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)}). The
 * epoch's training cost, and the validation cost, combine the batches as
 * {@code sum_b C_b N_b / sum_b N_b}, the weighted cost of the whole set (for an unweighted loss
 * without class weights, the mean over all samples). Accuracy counts samples, unweighted.
 *
 * <p>The learning rate of epoch {@code e} (from 0) is {@code schedule(lr_0, e)} times the
 * reduce-on-plateau scale, where {@code lr_0} is the optimizer's rate when {@code fit} starts.
 *
 * <p><b>Full-batch mode.</b> A trainer made with {@link LbfgsSpec} or {@link Lbfgs} runs one
 * L-BFGS step ({@link Lbfgs#step}) per epoch on the whole training set: its cost function is the
 * cost over every training sample (weighted by the sample weights and the loss's class weights,
 * if any) and its gradient, evaluated in chunks of {@link TrainerConfig#batchSize()} samples (one
 * pass when the batch size is at least the training set's size) and combined by the chunks'
 * normalisers, {@code C = sum_c N_c C_c / sum_c N_c} ({@code N_c = m_c} for an unweighted loss). There is no shuffling and there are no gradient
 * transforms; validation, the schedule (applied to the L-BFGS learning rate), reduce-on-plateau,
 * early stopping and listeners work as in mini-batch mode. The epoch's training cost and
 * accuracy are those at the parameters the step starts from, and its one batch event reports
 * that cost. A non-finite cost or gradient at any evaluation of the step, or a non-finite
 * parameter after it, rolls back the whole step (parameters and L-BFGS state). Full-batch mode
 * trains on a {@link Dataset} only: {@link #fit(BatchSource, BatchSource)} refuses it, as the
 * cost function evaluates the whole training set many times per step.
 *
 * <p>Dropout: if a layer of the network has a dropout rate ({@code Layer.dropout()}), every
 * training step draws new masks and computes the gradient with them
 * ({@link Backprop#compute(DMatrixRMaj, DMatrixRMaj, Gradients, DropoutMasks)}); the training cost
 * and accuracy of an epoch are those of these steps, with dropout. Validation never drops. The
 * {@code t}-th training step of a {@code fit} call ({@code t = 1, 2, ...}, counted across epochs)
 * draws {@code DropoutMasks.draw(m, s_t)} for its batch of {@code m}, where {@code s_t} is the
 * {@code t}-th {@code nextLong()} of {@code new SplittableRandom(seed ^ 0x2545F4914F6CDD1D)}
 * ({@link #DROPOUT_SALT}) and {@code seed} is {@link TrainerConfig#seed()}; so the masks, like
 * everything else, are bit-identical for a seed and every thread count. A network without
 * dropout draws nothing.
 *
 * <p>Thread-safety: a trainer and the network it trains must be used by one thread at a time;
 * nothing else may read the network's parameters while {@code fit} runs. Separate trainers on
 * separate networks may run in parallel.
 */
public final class Trainer {

    /** Mixed into {@link TrainerConfig#seed()} for the generator of the dropout masks' seeds. */
    public static final long DROPOUT_SALT = 0x2545F4914F6CDD1DL;

    private final Network network;
    private final Loss loss;
    /** The optimizer of mini-batch mode, or null in full-batch mode. */
    private final Optimizer optimizer;
    /** The optimizer of full-batch mode, or null in mini-batch mode. */
    private final Lbfgs lbfgs;
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
        this.lbfgs = null;
        loss.checkOutputActivation(network.layer(network.depth()).activation());
    }

    /**
     * A trainer in full-batch mode (see the class comment) with a fresh L-BFGS optimizer made
     * from {@code spec}.
     *
     * @param network the network to train; its parameters are updated in place
     * @param loss the loss
     * @param spec the L-BFGS configuration
     * @param config the training settings; {@code batchSize} is the chunk size of an evaluation
     * @throws IllegalArgumentException if {@code config} has gradient transforms or a layer of
     *                                  {@code network} has dropout
     */
    public Trainer(Network network, Loss loss, LbfgsSpec spec, TrainerConfig config) {
        this(network, loss, Checks.notNull(spec, "lbfgs spec").create(network), config);
    }

    /**
     * A trainer in full-batch mode (see the class comment) that continues with an existing
     * L-BFGS optimizer (and its state) bound to {@code network}.
     *
     * @param network the network to train; its parameters are updated in place
     * @param loss the loss
     * @param lbfgs an L-BFGS optimizer bound to {@code network}
     * @param config the training settings; {@code batchSize} is the chunk size of an evaluation
     * @throws IllegalArgumentException if {@code lbfgs} is bound to another network, {@code config}
     *                                  has gradient transforms or a layer of {@code network} has dropout
     */
    public Trainer(Network network, Loss loss, Lbfgs lbfgs, TrainerConfig config) {
        this.network = Checks.notNull(network, "network");
        this.loss = Checks.notNull(loss, "loss");
        Checks.notNull(lbfgs, "lbfgs");
        if (lbfgs.network() != network) {
            throw new IllegalArgumentException("the L-BFGS optimizer is bound to another network");
        }
        this.config = Checks.notNull(config, "config");
        if (!config.transforms().isEmpty()) {
            throw new IllegalArgumentException("L-BFGS takes no gradient transforms (the config has "
                    + config.transforms().size() + "): its line search and curvature pairs need the cost's true"
                    + " gradient");
        }
        for (int l = 1; l <= network.depth(); l++) {
            if (network.layer(l).dropout() > 0) {
                throw new IllegalArgumentException("L-BFGS needs a deterministic cost, but layer " + l
                        + " has dropout " + network.layer(l).dropout() + " (train it with a mini-batch optimizer,"
                        + " or use a copy with Layer.withDropout(0))");
            }
        }
        this.optimizer = null;
        this.lbfgs = lbfgs;
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
     * @throws IllegalStateException in full-batch mode, whose optimizer is {@link #lbfgs()}
     */
    public Optimizer optimizer() {
        if (optimizer == null) {
            throw new IllegalStateException("this trainer runs L-BFGS in full-batch mode: see lbfgs()");
        }
        return optimizer;
    }

    /**
     * The L-BFGS optimizer (with its state) of full-batch mode.
     *
     * @return the L-BFGS optimizer
     * @throws IllegalStateException in mini-batch mode, whose optimizer is {@link #optimizer()}
     */
    public Lbfgs lbfgs() {
        if (lbfgs == null) {
            throw new IllegalStateException("this trainer runs mini-batch steps of an Optimizer: see optimizer()");
        }
        return lbfgs;
    }

    /**
     * Whether this trainer runs one L-BFGS step per epoch on the whole training set.
     *
     * @return {@code true} in full-batch mode
     */
    public boolean fullBatch() {
        return lbfgs != null;
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
     * ({@link Loss#checkTargets}), sample weights (if any) {@code >= 0} with a positive sum. A failure
     * names the dataset and its row and leaves the network and the optimizer untouched.
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
     * @throws IllegalStateException in full-batch mode (L-BFGS), which needs the training set in memory
     *     ({@link #fit(Dataset)})
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
     * <p>Sample weights: when a source {@linkplain BatchSource#hasSampleWeights() has them} (e.g.
     * {@code BatchSource.of(dataset)} of a dataset with weights), its batches carry them and the
     * costs are weighted as for a {@link Dataset} (see the class comment); every weight is checked
     * finite and {@code >= 0}. Dropout draws its masks per training step exactly as in
     * {@link #fit(Dataset, Dataset)}. Full-batch mode (L-BFGS) is refused: its cost function
     * evaluates the whole training set many times per step, which needs the rows in memory.
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
     * @throws IllegalStateException in full-batch mode (L-BFGS), which needs the training set in memory
     *     ({@link #fit(Dataset, Dataset)}); nothing is changed then
     * @throws TrainingDivergedException if training diverges (see the class comment)
     */
    public TrainingResult fit(BatchSource train, BatchSource validation) throws IOException {
        Checks.notNull(train, "training data");
        if (lbfgs != null) {
            throw new IllegalStateException("this trainer runs L-BFGS in full-batch mode, whose cost function needs"
                    + " the whole training set in memory: train it with fit(Dataset) or fit(Dataset, Dataset), or"
                    + " stream the data with a mini-batch optimizer");
        }
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
            return run(train, validation, null, true);
        } catch (IOException | IllegalArgumentException e) {
            network.setParameters(initial);
            start.restore();
            throw e;
        }
    }

    /**
     * Training on datasets validated in full: no checks per batch, and reading cannot fail. In full-batch
     * mode, {@code train} is the cost function's data.
     */
    private TrainingResult runValidated(Dataset train, Dataset validation) {
        try {
            return run(BatchSource.of(train), validation != null ? BatchSource.of(validation) : null, train, false);
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory dataset failed to read", e);
        }
    }

    /**
     * The training loop. {@code data} is the training set in memory for full-batch mode (null when training
     * on a source); {@code check} asks for the checks of every batch before its step.
     */
    private TrainingResult run(BatchSource train, BatchSource validation, Dataset data, boolean check)
            throws IOException {
        Backprop engine = new Backprop(network, loss, config.threads() == 0
                ? Kernels.defaultKernel(config.precision()) : Kernels.withThreads(config.threads(), config.precision()));
        Gradients grads = engine.gradients();
        DropoutMasks masks = hasDropout(network) ? new DropoutMasks(network) : null;
        SplittableRandom maskSeeds = new SplittableRandom(config.seed() ^ DROPOUT_SALT);
        AccuracyKind kind = AccuracyKind.forLoss(loss, network.outputSize());
        boolean batchEvents = config.batchEvents()
                || listeners.stream().anyMatch(TrainingListener::needsBatchEvents);
        long m = train.size();
        int batches = lbfgs != null ? 1 : (int) ((m + config.batchSize() - 1) / config.batchSize());
        int steadyFrom = batches / 2;
        DMatrixRMaj xb = new DMatrixRMaj(config.batchSize(), train.featureCount());
        DMatrixRMaj yb = new DMatrixRMaj(config.batchSize(), train.targetWidth());
        DMatrixRMaj sb = new DMatrixRMaj(config.batchSize(), 1);
        boolean weighted = train.hasSampleWeights();
        BatchCheck batchCheck = check ? new BatchCheck(loss) : null;
        Network lastFinite = network.copy();
        Optimizer.Checkpoint checkpoint = lbfgs != null ? lbfgs.checkpoint() : optimizer.checkpoint();
        FullBatchCost fullBatch = lbfgs != null ? new FullBatchCost(engine, data, config.batchSize(), kind) : null;
        Network best = config.earlyStopping() != null ? network.copy() : null;
        ReduceOnPlateau.Tracker plateau = config.plateau() != null ? config.plateau().tracker() : null;
        LearningRateSchedule schedule = config.schedule();
        double baseLr = learningRate();
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
            setLearningRate(plateau != null ? plateau.apply(lr) : lr);
            double costSum = 0;
            double normSum = 0;
            double correct = 0;
            long steadyStart = epochStart;
            if (fullBatch != null) {
                double cost = fullBatchStep(epoch, fullBatch, lastFinite, checkpoint);
                costSum = cost * m;
                normSum = m;
                correct = fullBatch.firstCorrect();
                if (batchEvents) {
                    BatchReport report = new BatchReport(epoch, config.epochs(), 1, 1, cost, (int) m);
                    listeners.forEach(l -> l.onBatchEnd(report));
                }
            } else {
                long seen = 0;
                try (BatchSource.Epoch batchesOfEpoch = train.epoch(epoch, config.seed(), config.shuffle())) {
                    for (int b = 0; ; b++) {
                        if (b == steadyFrom) {
                            steadyStart = System.nanoTime();
                        }
                        if (weighted) {
                            sb.reshape(0, 1); // the source reshapes it to b x 1 as it fills it
                        }
                        int rows = weighted ? batchesOfEpoch.next(config.batchSize(), xb, yb, sb)
                                : batchesOfEpoch.next(config.batchSize(), xb, yb);
                        if (rows == 0) {
                            break;
                        }
                        if (weighted && sb.numRows != rows) {
                            throw new IllegalStateException("the batch source says it has sample weights but its"
                                    + " batch " + (b + 1) + " of epoch " + epoch + " gave " + sb.numRows
                                    + " weights for " + rows + " rows (its Epoch.next(rows, x, y, s) must fill s)");
                        }
                        seen += rows;
                        if (batchCheck != null) {
                            batchCheck.check(xb, yb, weighted ? sb : null, batchesOfEpoch, "training data");
                        }
                        if (masks != null) {
                            masks.draw(rows, maskSeeds.nextLong());
                        }
                        double cost = weighted
                                ? (masks != null ? engine.compute(xb, yb, sb, grads, masks) : engine.compute(xb, yb, sb))
                                : (masks != null ? engine.compute(xb, yb, grads, masks) : engine.compute(xb, yb));
                        if (!Double.isFinite(cost)) {
                            throw new TrainingDivergedException(epoch, b + 1, "the cost is " + cost);
                        }
                        String bad = firstNonFinite(grads);
                        if (bad != null) {
                            throw new TrainingDivergedException(epoch, b + 1, "the gradient " + bad + " is not finite");
                        }
                        costSum += cost * engine.normaliser();
                        normSum += engine.normaliser();
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
                        if (batchEvents) {
                            BatchReport report = new BatchReport(epoch, config.epochs(), b + 1, batches, cost, rows);
                            listeners.forEach(l -> l.onBatchEnd(report));
                        }
                    }
                }
                requireRows(seen, m, "training data", epoch);
            }
            long trained = System.nanoTime();
            rate.add(m - Math.min(m, (long) steadyFrom * config.batchSize()), trained - steadyStart);
            double trainCost = normSum > 0 ? costSum / normSum : 0.0;
            double valCost = Double.NaN;
            double valAcc = Double.NaN;
            if (validation != null) {
                double[] v = evaluate(engine, validation, xb, yb, sb, kind, batchCheck);
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
                    kind != null ? correct / m : Double.NaN, valAcc, kind, learningRate(),
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
        return new TrainingResult(history, bestEpoch, stoppedEarly, kind);
    }

    /**
     * One L-BFGS step on the whole training set; returns the cost before it. A non-finite cost,
     * gradient or parameter rolls back the parameters and the L-BFGS state.
     */
    private double fullBatchStep(int epoch, FullBatchCost cost, Network lastFinite, Optimizer.Checkpoint checkpoint) {
        lastFinite.setParameters(network);
        checkpoint.save();
        cost.startStep();
        double before;
        try {
            before = lbfgs.step(cost);
        } catch (FullBatchCost.NonFinite e) {
            network.setParameters(lastFinite);
            checkpoint.restore();
            throw new TrainingDivergedException(epoch, 1, e.getMessage());
        }
        String badParam = firstNonFiniteParameter();
        if (badParam != null) {
            network.setParameters(lastFinite);
            checkpoint.restore();
            throw new TrainingDivergedException(epoch, 1, "the step made " + badParam + " non-finite");
        }
        return before;
    }

    private double learningRate() {
        return lbfgs != null ? lbfgs.learningRate() : optimizer.learningRate();
    }

    private void setLearningRate(double lr) {
        if (lbfgs != null) {
            lbfgs.setLearningRate(lr);
        } else {
            optimizer.setLearningRate(lr);
        }
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

    /**
     * Cost and accuracy on {@code data} in its stored order, in chunks of the batch size:
     * {@code {cost, accuracy}}, the cost as {@code sum_b C_b N_b / sum_b N_b}.
     */
    private double[] evaluate(Backprop engine, BatchSource data, DMatrixRMaj xb, DMatrixRMaj yb, DMatrixRMaj sb,
                              AccuracyKind kind, BatchCheck batchCheck) throws IOException {
        long n = data.size();
        boolean weighted = data.hasSampleWeights();
        double sum = 0;
        double norm = 0;
        double correct = 0;
        long seen = 0;
        try (BatchSource.Epoch pass = data.epoch(0, config.seed(), false)) {
            int rows;
            while ((rows = weighted ? pass.next(config.batchSize(), xb, yb, sb)
                    : pass.next(config.batchSize(), xb, yb)) > 0) {
                seen += rows;
                if (batchCheck != null) {
                    batchCheck.check(xb, yb, weighted ? sb : null, pass, "validation data");
                }
                double cost = weighted ? engine.cost(xb, yb, sb) : engine.cost(xb, yb);
                sum += cost * engine.normaliser();
                norm += engine.normaliser();
                if (kind != null) {
                    correct += score(kind, engine.output(), yb);
                }
            }
        }
        requireRows(seen, n, "validation data", 0);
        return new double[] {norm > 0 ? sum / norm : 0.0, kind != null ? correct / n : Double.NaN};
    }

    /** A source must hand out as many rows as it says it has (a file that changed while being read does not). */
    private static void requireRows(long seen, long size, String role, int epoch) throws MalformedDataException {
        if (seen != size) {
            throw new MalformedDataException(role + ": the source handed out " + seen + " rows in "
                    + (epoch > 0 ? "epoch " + epoch : "a pass") + " but has " + size);
        }
    }

    /** The summed accuracy score of a batch: the engine's output (columns) against targets (rows). */
    static double score(AccuracyKind kind, DMatrixRMaj outputColumns, DMatrixRMaj targetRows) {
        double c = 0;
        for (int i = 0; i < targetRows.numRows; i++) {
            c += kind.score(outputColumns, true, targetRows, i);
        }
        return c;
    }

    private static boolean hasDropout(Network network) {
        for (int l = 1; l <= network.depth(); l++) {
            if (network.layer(l).dropout() > 0) {
                return true;
            }
        }
        return false;
    }

    /** The whole dataset against the network and the loss, before anything changes. */
    private void validate(Dataset d, String role) {
        requireFits(d, role);
        Checks.allFinite(d.features(), role + " features");
        Checks.allFinite(d.targets(), role + " targets");
        if (d.hasSampleWeights()) {
            try {
                Dataset.checkSampleWeights(d.sampleWeights(), d.features());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(role + ": " + e.getMessage(), e);
            }
        }
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

    static String firstNonFinite(Gradients g) {
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
        return Permutations.identity(n);
    }

    /** Fisher-Yates shuffle driven by {@code random} ({@link Permutations#shuffle}). */
    static void shuffle(int[] a, SplittableRandom random) {
        Permutations.shuffle(a, random);
    }
}

