package io.github.matrixbackprop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.check.GradientCheck;
import io.github.matrixbackprop.check.GradientCheckReport;
import io.github.matrixbackprop.data.BundledDatasets;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.data.LabeledData;
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
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of docs/getting-started.md, kept true: it reaches 95% test accuracy and reloads bit-exactly. */
class GettingStartedTest {

    @Test
    void theWalkThroughWorks(@TempDir Path dir) throws Exception {
        LabeledData digits = BundledDatasets.digits();
        TrainTest split = Splits.stratified(digits.dataset(), 0.2, 42);
        Scaler scaler = Scaler.standardize(split.train().features());
        Dataset train = scaler.apply(split.train());
        Dataset test = scaler.apply(split.test());

        Network net = Network.builder(64)
                .dense(64, Activations.relu())
                .dense(10, Activations.softmax())
                .seed(42)
                .build();

        DMatrixRMaj x4 = CommonOps_DDRM.extract(train.features(), 0, 4, 0, 64);
        DMatrixRMaj y4 = CommonOps_DDRM.extract(train.targets(), 0, 4, 0, 10);
        GradientCheckReport check = GradientCheck.jacobianChain().check(net, Losses.softmaxCrossEntropy(), x4, y4);
        assertTrue(check.passes(1e-12), check::toString);

        TrainerConfig config = TrainerConfig.defaults().withEpochs(30).withBatchSize(32).withSeed(42)
                .withValidationFraction(0.1);
        new Trainer(net, Losses.softmaxCrossEntropy(), Adam.defaults().withLr(3e-3), config).fit(train);

        DMatrixRMaj predictions = net.predict(test.features());
        double accuracy = Metrics.accuracy(predictions, test.targets());
        assertTrue(accuracy >= 0.95, "accuracy " + accuracy);

        Path file = dir.resolve("digits.mxbp");
        ModelFiles.save(net, file);
        Network reloaded = ModelFiles.loadNetwork(file);
        int[] classes = Labels.classes(reloaded.predict(test.features()));
        assertArrayEquals(Labels.classes(predictions), classes);

        // the document shows this very code (DocSnippetsTest compiles and runs it as shown)
        String doc = Files.readString(Path.of("docs/getting-started.md"));
        for (String line : new String[] {
            "TrainerConfig config = TrainerConfig.defaults().withEpochs(30).withBatchSize(32).withSeed(42)",
            "double accuracy = Metrics.accuracy(predictions, test.targets());",
            "System.out.printf(\"test accuracy: %.4f%n\", accuracy);",
            "Network reloaded = ModelFiles.loadNetwork(file);"}) {
            assertTrue(doc.contains(line), "the document changed: " + line);
        }
    }
}
