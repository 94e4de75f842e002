package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.optim.LbfgsSpec;
import io.github.matrixbackprop.optim.OptimizerSpec;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@code Estimator} that trains a network of the library on a DataFrame and returns a
 * {@link NetworkModel}; usable alone or as a stage of a {@code Pipeline}.
 *
 * <p>Columns (Spark ML conventions, names configurable): {@code features}, a {@code Vector} of
 * {@code n_0} values; {@code label}, a class index for the classification losses (one-hot encoded
 * for {@code softmax_cross_entropy}, 0 or 1 for {@code binary_cross_entropy} with one output), a
 * number for regression with one output, or a vector of {@code n_L} target values (see
 * {@link PartitionedData}). The model adds {@code prediction} and, for classifiers,
 * {@code probability}.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code network} (required): the architecture and the initial parameters, e.g. from
 *   {@code Network.builder(n_0)...seed(s).build()}; copied when fitting, never modified;</li>
 *   <li>{@code loss} (required): e.g. {@code Losses.softmaxCrossEntropy()};</li>
 *   <li>{@code optimizer}: any of the library's optimizer specifications (default
 *   {@code Adam.defaults()});</li>
 *   <li>{@code lbfgs} (optional, full-batch mode only): an {@code LbfgsSpec}; when set, full-batch
 *   training runs {@code maxIter} steps of L-BFGS ({@code torch.optim.LBFGS}'s algorithm) on the
 *   exact full-batch cost instead of the optimizer's steps;</li>
 *   <li>{@code mode}: {@code "full-batch"}, {@code "mini-batch"} (default) or
 *   {@code "model-averaging"}, see {@link TrainingMode};</li>
 *   <li>{@code maxIter}: full-batch iterations, or epochs for the other modes (default 10);</li>
 *   <li>{@code batchSize} (default 128), {@code localSteps} (model averaging's {@code K}, default 10),
 *   {@code seed} (default 0), {@code blockRows} (rows per cached block, default 1024);</li>
 *   <li>{@code scaling}: {@code "none"} (default), {@code "standardize"} or {@code "minmax"}, fitted
 *   on the DataFrame by {@link SparkScaling} and kept in the model.</li>
 * </ul>
 *
 * <p>Fitting caches the DataFrame as blocks ({@link PartitionedData}, validated on the way: bad
 * input fails with the column and the row named), fits the scaling, trains a copy of the network
 * in the chosen mode, unpersists the blocks and returns the model. The network and loss must be of
 * the library's built-in activations and losses, which the tasks can recreate.
 *
 * <p>Persistence: the estimator and model are not {@code MLWritable} (their network and optimizer
 * parameters are objects of the library, not JSON values); save the trained network with
 * {@code ModelFiles.save(model.rawInputNetwork(), path)} instead.
 */
public final class NetworkEstimator extends Estimator<NetworkModel> {

    private static final long serialVersionUID = 1L;

    private static final List<String> SCALINGS = List.of("none", "standardize", "minmax");

    /** This stage's unique id. */
    private final String uid;
    /** The features column. */
    private final Param<String> featuresCol;
    /** The label column. */
    private final Param<String> labelCol;
    /** The prediction column the model adds. */
    private final Param<String> predictionCol;
    /** The probability column a classifier adds. */
    private final Param<String> probabilityCol;
    /** The network to train: architecture and initial parameters. */
    private final Param<Network> network;
    /** The loss. */
    private final Param<Loss> loss;
    /** The optimizer's specification. */
    private final Param<OptimizerSpec> optimizer;
    /** L-BFGS for full-batch mode, if set. */
    private final Param<LbfgsSpec> lbfgs;
    /** The training mode's name. */
    private final Param<String> mode;
    /** Full-batch iterations, or epochs. */
    private final IntParam maxIter;
    /** The mini-batch size. */
    private final IntParam batchSize;
    /** Model averaging's local steps between averagings. */
    private final IntParam localSteps;
    /** The seed of the shuffles. */
    private final LongParam seed;
    /** The input scaling fitted on the data. */
    private final Param<String> scaling;
    /** The rows per cached block. */
    private final IntParam blockRows;

    /** An estimator with a random uid and the default parameters; set the network and the loss. */
    public NetworkEstimator() {
        this(Identifiable.randomUID("matrixBackprop"));
    }

    /**
     * An estimator with this uid and the default parameters; set the network and the loss.
     *
     * @param uid the unique id of this pipeline stage
     */
    public NetworkEstimator(String uid) {
        this.uid = uid;
        featuresCol = new Param<>(this, "featuresCol", "the features column: Vectors of n_0 values");
        labelCol = new Param<>(this, "labelCol", "the label column: class indices, numbers or vectors");
        predictionCol = new Param<>(this, "predictionCol", "the prediction column the model adds");
        probabilityCol = new Param<>(this, "probabilityCol", "the probability column a classifier adds (empty: none)");
        network = new Param<>(this, "network", "the network: architecture and initial parameters (copied)");
        loss = new Param<>(this, "loss", "the loss");
        optimizer = new Param<>(this, "optimizer", "the optimizer's specification");
        lbfgs = new Param<>(this, "lbfgs", "full-batch mode: L-BFGS's specification (unset: the optimizer)");
        mode = new Param<>(this, "mode", "the training mode: full-batch, mini-batch or model-averaging",
                ParamValidators.inArray(List.of(TrainingMode.labels())));
        maxIter = new IntParam(this, "maxIter", "full-batch iterations, or epochs (>= 1)", ParamValidators.gtEq(1));
        batchSize = new IntParam(this, "batchSize", "the mini-batch size (>= 1)", ParamValidators.gtEq(1));
        localSteps = new IntParam(this, "localSteps", "model averaging: local steps between averagings (>= 1)",
                ParamValidators.gtEq(1));
        seed = new LongParam(this, "seed", "the seed of the mini-batch shuffles");
        scaling = new Param<>(this, "scaling", "the input scaling fitted on the data: none, standardize or minmax",
                ParamValidators.inArray(SCALINGS));
        blockRows = new IntParam(this, "blockRows", "the rows per cached block (>= 1)", ParamValidators.gtEq(1));
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
        setDefault(optimizer, Adam.defaults());
        setDefault(mode, TrainingMode.MINI_BATCH.label());
        setDefault(maxIter, 10);
        setDefault(batchSize, 128);
        setDefault(localSteps, 10);
        setDefault(seed, 0L);
        setDefault(scaling, "none");
        setDefault(blockRows, PartitionedData.DEFAULT_BLOCK_ROWS);
    }

    @Override
    public String uid() {
        return uid;
    }

    /**
     * The features column parameter (default {@code features}).
     *
     * @return the parameter
     */
    public Param<String> featuresCol() {
        return featuresCol;
    }

    /**
     * The label column parameter (default {@code label}).
     *
     * @return the parameter
     */
    public Param<String> labelCol() {
        return labelCol;
    }

    /**
     * The prediction column parameter (default {@code prediction}).
     *
     * @return the parameter
     */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /**
     * The probability column parameter (default {@code probability}; empty: none).
     *
     * @return the parameter
     */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    /**
     * The network parameter: architecture and initial parameters (required).
     *
     * @return the parameter
     */
    public Param<Network> network() {
        return network;
    }

    /**
     * The loss parameter (required).
     *
     * @return the parameter
     */
    public Param<Loss> loss() {
        return loss;
    }

    /**
     * The optimizer parameter (default {@code Adam.defaults()}).
     *
     * @return the parameter
     */
    public Param<OptimizerSpec> optimizer() {
        return optimizer;
    }

    /**
     * The L-BFGS parameter of full-batch mode (no default: unset, full-batch mode takes the
     * optimizer's steps).
     *
     * @return the parameter
     */
    public Param<LbfgsSpec> lbfgs() {
        return lbfgs;
    }

    /**
     * The training mode parameter (default {@code mini-batch}).
     *
     * @return the parameter
     */
    public Param<String> mode() {
        return mode;
    }

    /**
     * The iterations (full batch) or epochs (other modes) parameter (default 10).
     *
     * @return the parameter
     */
    public IntParam maxIter() {
        return maxIter;
    }

    /**
     * The mini-batch size parameter (default 128).
     *
     * @return the parameter
     */
    public IntParam batchSize() {
        return batchSize;
    }

    /**
     * Model averaging's local steps between averagings, {@code K} (default 10).
     *
     * @return the parameter
     */
    public IntParam localSteps() {
        return localSteps;
    }

    /**
     * The seed parameter (default 0).
     *
     * @return the parameter
     */
    public LongParam seed() {
        return seed;
    }

    /**
     * The input scaling parameter (default {@code none}).
     *
     * @return the parameter
     */
    public Param<String> scaling() {
        return scaling;
    }

    /**
     * The rows per cached block parameter (default 1024).
     *
     * @return the parameter
     */
    public IntParam blockRows() {
        return blockRows;
    }

    /**
     * Sets the features column.
     *
     * @param name the column's name
     * @return this estimator
     */
    public NetworkEstimator setFeaturesCol(String name) {
        set(featuresCol, name);
        return this;
    }

    /**
     * Sets the label column.
     *
     * @param name the column's name
     * @return this estimator
     */
    public NetworkEstimator setLabelCol(String name) {
        set(labelCol, name);
        return this;
    }

    /**
     * Sets the prediction column.
     *
     * @param name the column's name
     * @return this estimator
     */
    public NetworkEstimator setPredictionCol(String name) {
        set(predictionCol, name);
        return this;
    }

    /**
     * Sets the probability column ({@code ""}: none).
     *
     * @param name the column's name
     * @return this estimator
     */
    public NetworkEstimator setProbabilityCol(String name) {
        set(probabilityCol, name);
        return this;
    }

    /**
     * Sets the network to train: its architecture and initial parameters (copied when fitting).
     *
     * @param initial the network
     * @return this estimator
     */
    public NetworkEstimator setNetwork(Network initial) {
        set(network, initial);
        return this;
    }

    /**
     * Sets the loss.
     *
     * @param l the loss
     * @return this estimator
     */
    public NetworkEstimator setLoss(Loss l) {
        set(loss, l);
        return this;
    }

    /**
     * Sets the optimizer.
     *
     * @param spec the optimizer's specification, e.g. {@code Adam.defaults().withLr(3e-3)}
     * @return this estimator
     */
    public NetworkEstimator setOptimizer(OptimizerSpec spec) {
        set(optimizer, spec);
        return this;
    }

    /**
     * Trains with L-BFGS in full-batch mode: {@code maxIter} L-BFGS steps, each up to the spec's
     * {@code max_iter} iterations, on the exact full-batch cost ({@link FullBatchObjective}).
     *
     * @param spec L-BFGS's specification, e.g. {@code LbfgsSpec.defaults().withLineSearch(STRONG_WOLFE)}
     * @return this estimator
     */
    public NetworkEstimator setLbfgs(LbfgsSpec spec) {
        set(lbfgs, spec);
        return this;
    }

    /**
     * Sets the training mode.
     *
     * @param m the mode
     * @return this estimator
     */
    public NetworkEstimator setMode(TrainingMode m) {
        set(mode, m.label());
        return this;
    }

    /**
     * Sets the full-batch iterations, or the epochs of the other modes.
     *
     * @param n iterations or epochs, {@code >= 1}
     * @return this estimator
     */
    public NetworkEstimator setMaxIter(int n) {
        set(maxIter, n);
        return this;
    }

    /**
     * Sets the mini-batch size.
     *
     * @param n rows per mini-batch, {@code >= 1}
     * @return this estimator
     */
    public NetworkEstimator setBatchSize(int n) {
        set(batchSize, n);
        return this;
    }

    /**
     * Sets model averaging's local steps between averagings.
     *
     * @param k {@code K >= 1}
     * @return this estimator
     */
    public NetworkEstimator setLocalSteps(int k) {
        set(localSteps, k);
        return this;
    }

    /**
     * Sets the seed of the mini-batch shuffles.
     *
     * @param s the seed
     * @return this estimator
     */
    public NetworkEstimator setSeed(long s) {
        set(seed, s);
        return this;
    }

    /**
     * Sets the input scaling fitted on the data.
     *
     * @param s {@code "none"}, {@code "standardize"} or {@code "minmax"}
     * @return this estimator
     */
    public NetworkEstimator setScaling(String s) {
        set(scaling, s);
        return this;
    }

    /**
     * Sets the rows per cached block.
     *
     * @param n rows, {@code >= 1}
     * @return this estimator
     */
    public NetworkEstimator setBlockRows(int n) {
        set(blockRows, n);
        return this;
    }

    /**
     * The schema of the fitted model's output: checks the features and label columns and adds the
     * prediction (and, for a classifier, probability) column.
     *
     * @param schema the input schema
     * @return the output schema of the model
     * @throws IllegalArgumentException if the network or loss is not set, a column is missing or of the
     *                                  wrong type (naming it), or an output column exists already
     */
    @Override
    public StructType transformSchema(StructType schema) {
        Network net = required(network, "setNetwork");
        Loss l = required(loss, "setLoss");
        Columns.requireLabel(schema, getOrDefault(labelCol));
        return Outputs.schema(schema, getOrDefault(featuresCol), getOrDefault(predictionCol),
                getOrDefault(probabilityCol), LabelEncoding.isClassification(l), net.outputSize());
    }

    /**
     * Trains a copy of the network on {@code dataset} as the class comment describes.
     *
     * @param dataset the training data; not modified
     * @return the fitted model, with this estimator as its parent
     * @throws IllegalArgumentException if a parameter or the data is invalid (naming the column and row)
     * @throws IllegalStateException if training diverges
     */
    @Override
    public NetworkModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Loss l = getOrDefault(loss);
        Network net = getOrDefault(network).copy();
        l.checkOutputActivation(net.layer(net.depth()).activation());
        OptimizerSpec spec = getOrDefault(optimizer);
        TrainingMode m = TrainingMode.of(getOrDefault(mode));
        LbfgsSpec quasiNewton = isDefined(lbfgs) ? getOrDefault(lbfgs) : null;
        if (quasiNewton != null && m != TrainingMode.FULL_BATCH) {
            throw new IllegalArgumentException("lbfgs needs mode " + TrainingMode.FULL_BATCH.label() + ", not "
                    + m.label() + " (L-BFGS needs the same cost at every evaluation)");
        }
        int iterations = (Integer) getOrDefault(maxIter);
        int batch = (Integer) getOrDefault(batchSize);
        long s = (Long) getOrDefault(seed);
        Scaler scaler = null;
        SparkTrainingResult result;
        try (PartitionedData raw = PartitionedData.of(dataset.toDF(), getOrDefault(featuresCol),
                getOrDefault(labelCol), net, l, (Integer) getOrDefault(blockRows))) {
            String sc = getOrDefault(scaling);
            if (!sc.equals("none")) {
                scaler = sc.equals("standardize") ? SparkScaling.standardize(raw) : SparkScaling.minMax(raw);
            }
            PartitionedData data = scaler == null ? raw : raw.scaled(scaler);
            try {
                result = switch (m) {
                    case FULL_BATCH -> {
                        try (FullBatchObjective objective = new FullBatchObjective(data, net, l)) {
                            yield quasiNewton != null
                                    ? FullBatchTraining.run(objective, quasiNewton.create(net), iterations)
                                    : FullBatchTraining.run(objective, spec.create(net), iterations);
                        }
                    }
                    case MINI_BATCH -> MiniBatchTraining.run(data, net, l, spec.create(net), iterations, batch, s);
                    case MODEL_AVERAGING -> ModelAveraging.run(data, net, l, spec, iterations, batch,
                            (Integer) getOrDefault(localSteps), s);
                };
            } finally {
                if (data != raw) {
                    data.close();
                }
            }
        }
        NetworkModel model = new NetworkModel(uid, net, scaler, l, result);
        copyValues(model, ParamMap.empty());
        return model.setParent(this);
    }

    /**
     * A copy with the same parameter values, overridden by {@code extra}.
     *
     * @param extra parameter values that override this estimator's
     * @return the copy
     */
    @Override
    public NetworkEstimator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    private <T> T required(Param<T> p, String setter) {
        if (!isDefined(p)) {
            throw new IllegalArgumentException("the estimator's " + p.name() + " is not set; call " + setter
                    + " before fitting");
        }
        return getOrDefault(p);
    }
}
