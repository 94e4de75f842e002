package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.ejml.data.DMatrixRMaj;

/**
 * The Spark ML model a {@link NetworkEstimator} fits: the trained network of the library (with the
 * input scaling fitted on the DataFrame, if any), as a {@code Transformer} that appends its outputs
 * to a DataFrame.
 *
 * <p>{@link #transform(Dataset)} reads the features column ({@code Vector}s of {@code n_0} values),
 * applies the scaling {@code x' = (x - shift) / scale} and the network, {@code a^L = f^L(... f^1(W^1 x'
 * + b^1) ...)}, a chunk of rows at a time on the executors, and appends:
 * <ul>
 *   <li>for a classifier (trained with {@code softmax_cross_entropy} or {@code binary_cross_entropy}):
 *   {@code prediction}, the class index {@code argmax_k a^L_k} as a double (for one sigmoid output,
 *   1 if {@code a^L > 0.5}, else 0), and {@code probability}, the vector {@code a^L} (for one
 *   output, {@code (1 - a^L, a^L)}), unless the probability column's name is empty;</li>
 *   <li>otherwise {@code prediction}, {@code a^L} as a double for one output or a vector of
 *   {@code n_L} values.</li>
 * </ul>
 * A features value that is null, of the wrong width or not finite fails the job with an
 * {@link IllegalArgumentException} naming the column and the row (counted within its partition,
 * since transforming never counts rows).
 *
 * <p>The trained network is the library's own: {@link #network()} (on scaled inputs, with
 * {@link #scaler()}) or {@link #rawInputNetwork()} (scaling folded into the first layer) can be
 * saved with {@code ModelFiles} and used anywhere without Spark. Immutable; the accessors return
 * copies.
 */
public final class NetworkModel extends Model<NetworkModel> {

    private static final long serialVersionUID = 1L;

    /** This stage's unique id. */
    private final String uid;
    /** The trained network, on scaled inputs when there is a scaler. */
    private final Network network;
    /** The input scaling, or null. */
    private final Scaler scaler;
    /** The loss the network was trained with. */
    private final Loss loss;
    /** What the training run did. */
    private final SparkTrainingResult training;
    /** The features column. */
    private final Param<String> featuresCol;
    /** The prediction column to add. */
    private final Param<String> predictionCol;
    /** The probability column a classifier adds. */
    private final Param<String> probabilityCol;

    NetworkModel(String uid, Network network, Scaler scaler, Loss loss, SparkTrainingResult training) {
        this.uid = uid;
        this.network = network;
        this.scaler = scaler;
        this.loss = loss;
        this.training = training;
        this.featuresCol = new Param<>(this, "featuresCol", "the features column: Vectors of n_0 values");
        this.predictionCol = new Param<>(this, "predictionCol", "the prediction column to add");
        this.probabilityCol = new Param<>(this, "probabilityCol",
                "the probability column a classifier adds (empty: none)");
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
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
     * The prediction column parameter (default {@code prediction}).
     *
     * @return the parameter
     */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /**
     * The probability column parameter (default {@code probability}; empty: no probability column).
     *
     * @return the parameter
     */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    /**
     * Sets the features column.
     *
     * @param name the column's name
     * @return this model
     */
    public NetworkModel setFeaturesCol(String name) {
        set(featuresCol, name);
        return this;
    }

    /**
     * Sets the prediction column.
     *
     * @param name the column's name
     * @return this model
     */
    public NetworkModel setPredictionCol(String name) {
        set(predictionCol, name);
        return this;
    }

    /**
     * Sets the probability column ({@code ""}: none).
     *
     * @param name the column's name
     * @return this model
     */
    public NetworkModel setProbabilityCol(String name) {
        set(probabilityCol, name);
        return this;
    }

    /**
     * The trained network, which takes scaled features when {@link #scaler()} is present.
     *
     * @return a copy of the network
     */
    public Network network() {
        return network.copy();
    }

    /**
     * The input scaling fitted on the training DataFrame, if the estimator was asked for one.
     *
     * @return the scaler, or empty
     */
    public Optional<Scaler> scaler() {
        return Optional.ofNullable(scaler);
    }

    /**
     * The trained network with the input scaling folded into its first layer, so that it takes the
     * raw features: {@code W'^1 = W^1 diag(1 / scale)}, {@code b'^1 = b^1 - W'^1 shift} (equal to
     * scaling then applying {@link #network()}, up to rounding). Without scaling, a copy of the network.
     * This is the network to save with {@code ModelFiles} and use without Spark.
     *
     * @return a new network on raw features
     */
    public Network rawInputNetwork() {
        if (scaler == null) {
            return network.copy();
        }
        List<Layer> layers = new ArrayList<>();
        Layer first = network.layer(1);
        DMatrixRMaj w = first.weights().copy();
        DMatrixRMaj b = first.bias().copy();
        double[] shift = scaler.shift();
        double[] scale = scaler.scale();
        for (int r = 0; r < w.numRows; r++) {
            for (int c = 0; c < w.numCols; c++) {
                double v = w.get(r, c) / scale[c];
                w.set(r, c, v);
                b.data[r] -= v * shift[c];
            }
        }
        layers.add(new Layer(w, b, first.activation()));
        for (int l = 2; l <= network.depth(); l++) {
            layers.add(network.layer(l).copy());
        }
        return new Network(layers);
    }

    /**
     * The loss the network was trained with.
     *
     * @return the loss
     */
    public Loss loss() {
        return loss;
    }

    /**
     * Whether the model is a classifier (trained with {@code softmax_cross_entropy} or
     * {@code binary_cross_entropy}), which predicts class indices and probabilities.
     *
     * @return whether it is a classifier
     */
    public boolean isClassifier() {
        return LabelEncoding.isClassification(loss);
    }

    /**
     * What the training run did: its mode, costs and number of steps and Spark jobs.
     *
     * @return the training result
     */
    public SparkTrainingResult training() {
        return training;
    }

    /**
     * The outputs for raw features on the driver: {@code a^L} of {@code (x - shift) / scale}, one
     * sample per row.
     *
     * @param features {@code m x n_0}, one sample per row; not modified
     * @return a new {@code m x n_L} matrix of outputs
     * @throws IllegalArgumentException if the width is not {@code n_0} or a value is not finite
     */
    public DMatrixRMaj predict(DMatrixRMaj features) {
        Checks.notNull(features, "features");
        return network.predict(scaler == null ? features : scaler.apply(features));
    }

    /**
     * The schema {@link #transform(Dataset)} produces: {@code schema} with the prediction column and,
     * for a classifier, the probability column.
     *
     * @param schema the input schema
     * @return the output schema
     * @throws IllegalArgumentException if the features column is missing or not of vectors, or an
     *                                  output column exists already
     */
    @Override
    public StructType transformSchema(StructType schema) {
        return Outputs.schema(schema, getOrDefault(featuresCol), getOrDefault(predictionCol),
                getOrDefault(probabilityCol), isClassifier(), network.outputSize());
    }

    /**
     * The DataFrame with the model's outputs appended, as the class comment describes (lazily, as
     * every Spark transformation).
     *
     * @param dataset the data, with the features column; not modified
     * @return a new DataFrame with the prediction (and probability) columns
     * @throws IllegalArgumentException as {@link #transformSchema(StructType)}
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Checks.notNull(dataset, "dataset");
        StructType out = transformSchema(dataset.schema());
        String features = getOrDefault(featuresCol);
        PredictRows rows = new PredictRows(Architecture.of(network), FlatParameters.of(network),
                scaler == null ? null : scaler.shift(), scaler == null ? null : scaler.scale(),
                dataset.schema().fieldIndex(features), features, isClassifier(),
                Outputs.withProbability(isClassifier(), getOrDefault(probabilityCol)));
        return dataset.toDF().mapPartitions(rows, Encoders.row(out));
    }

    /**
     * A copy with the same network and the parameter values of this model, overridden by {@code extra}.
     *
     * @param extra parameter values that override this model's
     * @return the copy
     */
    @Override
    public NetworkModel copy(ParamMap extra) {
        NetworkModel copy = new NetworkModel(uid, network, scaler, loss, training);
        copyValues(copy, extra);
        return copy.setParent(parent());
    }
}
