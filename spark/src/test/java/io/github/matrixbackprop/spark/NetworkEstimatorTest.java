package io.github.matrixbackprop.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.BundledDatasets;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.data.Labels;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.data.Splits;
import io.github.matrixbackprop.data.TrainTest;
import io.github.matrixbackprop.io.ModelFiles;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.train.Metrics;
import io.github.matrixbackprop.train.Trainer;
import io.github.matrixbackprop.train.TrainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator as a Pipeline stage on the digits: it reaches the single-machine trainer's test
 * accuracy, and the trained network, saved with ModelFiles and reloaded, predicts as the model does.
 */
class NetworkEstimatorTest {

    @Test
    void aPipelineOnTheDigitsReachesTheSingleMachineAccuracyAndItsNetworkTravels(@TempDir Path dir)
            throws Exception {
        TrainTest split = Splits.stratified(BundledDatasets.digits().dataset(), 0.2, 42);

        // the single-machine reference: standardised inputs, Adam, 30 epochs of batches of 32
        Scaler scaler = Scaler.standardize(split.train().features());
        Network single = network();
        new Trainer(single, Losses.softmaxCrossEntropy(), Adam.defaults().withLr(3e-3),
                TrainerConfig.defaults().withEpochs(30).withBatchSize(32).withSeed(42)).fit(scaler.apply(split.train()));
        double singleAccuracy = Metrics.accuracy(single.predict(scaler.apply(split.test()).features()),
                split.test().targets());

        // the same in Spark: 64 pixel columns and an integer label, assembled and trained in a Pipeline;
        // model averaging with one local epoch (23 steps of 32 on each of 2 partitions) per round
        NetworkEstimator estimator = new NetworkEstimator()
                .setFeaturesCol("pixels")
                .setLabelCol("digit")
                .setNetwork(network())
                .setLoss(Losses.softmaxCrossEntropy())
                .setOptimizer(Adam.defaults().withLr(3e-3))
                .setMode(TrainingMode.MODEL_AVERAGING)
                .setMaxIter(30)
                .setBatchSize(32)
                .setLocalSteps(23)
                .setSeed(42)
                .setScaling("standardize");
        String[] pixels = new String[64];
        for (int c = 0; c < 64; c++) {
            pixels[c] = "p" + c;
        }
        VectorAssembler assembler = new VectorAssembler().setInputCols(pixels).setOutputCol("pixels");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, estimator});
        PipelineModel fitted = pipeline.fit(table(split.train(), 2));
        List<Row> out = fitted.transform(table(split.test(), 2)).select("digit", "prediction", "probability", "pixels")
                .collectAsList();

        NetworkModel model = assertInstanceOf(NetworkModel.class, fitted.stages()[1]);
        assertTrue(model.isClassifier());
        assertEquals(30, model.training().jobs());
        assertTrue(model.scaler().isPresent());
        int correct = 0;
        for (Row r : out) {
            correct += r.getInt(0) == (int) r.getDouble(1) ? 1 : 0;
        }
        double sparkAccuracy = (double) correct / out.size();
        System.out.printf("digits test accuracy: single machine %.4f, Spark pipeline (model averaging) %.4f%n",
                singleAccuracy, sparkAccuracy);
        assertTrue(singleAccuracy >= 0.95, "single machine " + singleAccuracy);
        assertTrue(sparkAccuracy >= singleAccuracy - 0.015, "Spark " + sparkAccuracy + " vs single machine "
                + singleAccuracy);

        // the trained network on raw features, saved and reloaded, gives the model's outputs
        Path file = dir.resolve("digits.mxbp");
        ModelFiles.save(model.rawInputNetwork(), file);
        Network reloaded = ModelFiles.loadNetwork(file);
        DMatrixRMaj raw = new DMatrixRMaj(out.size(), 64);
        for (int i = 0; i < out.size(); i++) {
            double[] v = ((Vector) out.get(i).get(3)).toArray();
            System.arraycopy(v, 0, raw.data, i * 64, 64);
        }
        DMatrixRMaj outputs = reloaded.predict(raw);
        int[] classes = Labels.classes(outputs);
        for (int i = 0; i < out.size(); i++) {
            assertEquals(out.get(i).getDouble(1), classes[i], "row " + i);
            double[] probability = ((Vector) out.get(i).get(2)).toArray();
            for (int k = 0; k < 10; k++) {
                assertEquals(probability[k], outputs.get(i, k), 1e-9, "row " + i + ", class " + k);
            }
        }
        assertArrayEquals(Labels.classes(model.predict(raw)), classes);
    }

    @Test
    void aRegressionModelPredictsTheNetworksOutputAsADouble() {
        SplittableRandom random = new SplittableRandom(8);
        List<Row> rows = new ArrayList<>();
        DMatrixRMaj x = new DMatrixRMaj(200, 2);
        for (int i = 0; i < 200; i++) {
            double a = random.nextDouble(-2, 2);
            double b = random.nextDouble(-2, 2);
            x.set(i, 0, a);
            x.set(i, 1, b);
            rows.add(RowFactory.create(Vectors.dense(a, b), Math.sin(a) + 0.5 * b));
        }
        Network net = Network.builder(2).dense(16, Activations.tanh()).dense(1, Activations.identity()).seed(4).build();
        NetworkModel model = new NetworkEstimator().setNetwork(net).setLoss(Losses.mse())
                .setOptimizer(Adam.defaults().withLr(0.05)).setMode(TrainingMode.FULL_BATCH).setMaxIter(40)
                .fit(SparkTestSession.rows(rows, SparkTestSession.schema(), 2));
        assertTrue(!model.isClassifier());
        List<Double> costs = model.training().costs();
        assertTrue(model.training().lastCost() < 0.2 * costs.get(0), "full-batch Adam lowers the cost: " + costs);
        StructType schema = model.transformSchema(SparkTestSession.schema());
        StructField prediction = schema.apply("prediction");
        assertEquals(DataTypes.DoubleType, prediction.dataType());
        assertEquals(3, schema.size()); // no probability column for regression
        List<Row> out = model.transform(SparkTestSession.rows(rows, SparkTestSession.schema(), 2)).collectAsList();
        DMatrixRMaj expected = model.network().predict(x);
        for (int i = 0; i < 200; i++) {
            assertEquals(expected.get(i, 0), out.get(i).getDouble(2), 1e-12, "row " + i);
        }
    }

    @Test
    void aBinaryClassifierGivesTheProbabilitiesOfBothClasses() {
        // iris: setosa (label 1) against the other two species (label 0), one sigmoid output
        Dataset iris = BundledDatasets.iris().dataset();
        int[] species = Labels.classes(iris.targets());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < iris.size(); i++) {
            double[] f = java.util.Arrays.copyOfRange(iris.features().data, i * 4, (i + 1) * 4);
            rows.add(RowFactory.create(Vectors.dense(f), species[i] == 0 ? 1.0 : 0.0));
        }
        Network net = Network.builder(4).dense(4, Activations.tanh()).dense(1, Activations.sigmoid()).seed(6).build();
        NetworkModel model = new NetworkEstimator().setNetwork(net).setLoss(Losses.binaryCrossEntropy())
                .setOptimizer(Adam.defaults().withLr(0.05)).setMode(TrainingMode.FULL_BATCH).setMaxIter(30)
                .setScaling("standardize").fit(SparkTestSession.rows(rows, SparkTestSession.schema(), 2));
        assertTrue(model.isClassifier());
        List<Row> out = model.transform(SparkTestSession.rows(rows, SparkTestSession.schema(), 2)).collectAsList();
        DMatrixRMaj p = model.predict(iris.features());
        int correct = 0;
        for (int i = 0; i < out.size(); i++) {
            double[] probability = ((Vector) out.get(i).get(3)).toArray();
            assertEquals(2, probability.length);
            assertEquals(p.get(i, 0), probability[1], 1e-12, "row " + i);
            assertEquals(1 - p.get(i, 0), probability[0], 1e-12, "row " + i);
            assertEquals(p.get(i, 0) > 0.5 ? 1.0 : 0.0, out.get(i).getDouble(2), "row " + i);
            correct += out.get(i).getDouble(2) == out.get(i).getDouble(1) ? 1 : 0;
        }
        assertTrue(correct >= 140, correct + " of 150 right");
    }

    private static Network network() {
        return Network.builder(64).dense(64, Activations.relu()).dense(10, Activations.softmax()).seed(42).build();
    }

    /** The dataset as 64 double columns p0..p63 and an integer column digit, in 2 partitions. */
    private static org.apache.spark.sql.Dataset<Row> table(Dataset data, int partitions) {
        List<StructField> fields = new ArrayList<>();
        for (int c = 0; c < 64; c++) {
            fields.add(DataTypes.createStructField("p" + c, DataTypes.DoubleType, false));
        }
        fields.add(DataTypes.createStructField("digit", DataTypes.IntegerType, false));
        int[] labels = Labels.classes(data.targets());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            Object[] values = new Object[65];
            for (int c = 0; c < 64; c++) {
                values[c] = data.features().get(i, c);
            }
            values[64] = labels[i];
            rows.add(RowFactory.create(values));
        }
        return SparkTestSession.rows(rows, DataTypes.createStructType(fields), partitions);
    }
}
