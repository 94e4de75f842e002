package io.github.matrixbackprop.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.matrixbackprop.data.BundledDatasets;
import io.github.matrixbackprop.data.LabeledData;
import io.github.matrixbackprop.data.Labels;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.data.Splits;
import io.github.matrixbackprop.data.TrainTest;
import io.github.matrixbackprop.io.ModelFiles;
import io.github.matrixbackprop.io.Safetensors;
import io.github.matrixbackprop.model.Model;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.plot.HistoryPlot;
import io.github.matrixbackprop.train.TrainingHistory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Demo.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static double accuracy(String out) {
        String[] lines = out.strip().split("\\R");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("test accuracy: "), last);
        return Double.parseDouble(last.substring("test accuracy: ".length()));
    }

    @Test
    void defaultRunOnDigitsReachesAtLeast95Percent(@TempDir Path dir) {
        Run r = run("--save", dir.resolve("digits.mxbp").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(accuracy(r.out()) >= 0.95, r.out());
        assertTrue(r.out().contains("gradient self-check") && r.out().contains(": ok"), r.out());
        assertTrue(r.out().contains("epoch 30/30"), r.out());
        assertTrue(r.out().contains("predictions are identical"), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("digits.mxbp")));
    }

    @Test
    void irisWithOtherOptions(@TempDir Path dir) {
        Run r = run("--dataset", "iris", "--layers", "16,8", "--activation", "tanh", "--optimizer", "sgd",
                "--lr", "0.05", "--epochs", "60", "--batch", "8", "--seed", "3", "--save", dir.resolve("m").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(accuracy(r.out()) >= 0.9, r.out());
        assertTrue(r.out().contains("Network(4 -> 16 tanh -> 8 tanh -> 3 softmax)"), r.out());
    }

    /**
     * The exported ONNX model, run in ONNX Runtime on the raw test features, gives what the saved
     * model's network gives on the same features scaled as the demo scaled them (standardised on the
     * training split), to 1e-12.
     */
    @Test
    void exportsTheTrainedModelWithItsScalingAsOnnx(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("iris.onnx");
        Path saved = dir.resolve("iris.mxbp");
        Run r = run("--dataset", "iris", "--epochs", "5", "--seed", "7", "--save", saved.toString(),
                "--export-onnx", onnx.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("exported the model with its input scaling as ONNX (float64, opset 17, input [N, 4],"
                + " output [N, 3]) to " + onnx.toAbsolutePath()), r.out());

        TrainTest split = Splits.stratified(BundledDatasets.iris().dataset(), 0.2, 7);
        Scaler scaler = Scaler.standardize(split.train().features());
        DMatrixRMaj raw = split.test().features();
        Network net = ModelFiles.loadModel(saved).network();
        DMatrixRMaj expected = net.predict(scaler.apply(raw));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, DoubleBuffer.wrap(raw.data, 0, raw.getNumElements()),
                     new long[] {raw.numRows, raw.numCols});
             OrtSession.Result result = session.run(Map.of("input", input))) {
            double[] actual = new double[expected.getNumElements()];
            ((OnnxTensor) result.get(0)).getDoubleBuffer().get(actual);
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expected.data[i], actual[i], 1e-12, "output element " + i);
            }
        }
    }

    @Test
    void lbfgsTrainsOnTheFullBatch(@TempDir Path dir) {
        Run r = run("--dataset", "iris", "--layers", "8", "--activation", "tanh", "--optimizer", "lbfgs", "--epochs",
                "8", "--max-iter", "10", "--save", dir.resolve("m").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(accuracy(r.out()) >= 0.9, r.out());
        assertTrue(r.out().contains("training: lbfgs lr 1.00, 8 full-batch steps of up to 10 iterations, strong_wolfe"
                + " line search, chunks of 2048 samples"), r.out());
        assertTrue(r.out().contains("epoch 8/8"), r.out());
    }

    @Test
    void irisWithDropoutInTheHiddenLayers(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve("m");
        Run r = run("--dataset", "iris", "--layers", "32,16", "--dropout", "0.2", "--epochs", "60", "--batch", "8",
                "--save", saved.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Network(4 -> 32 relu dropout 0.2 -> 16 relu dropout 0.2 -> 3 softmax)"), r.out());
        assertTrue(r.out().contains("dropout 0.2 in the hidden layers"), r.out());
        assertTrue(r.out().contains("gradient self-check") && r.out().contains(": ok"), r.out());
        assertTrue(r.out().contains("predictions are identical"), r.out());
        assertTrue(accuracy(r.out()) >= 0.9, r.out());
        Network reloaded = ModelFiles.loadModel(saved).network();
        assertEquals(List.of(0.2, 0.2, 0.0), reloaded.layers().stream().map(l -> l.dropout()).toList(),
                "the saved model keeps the layers' dropout rates");
        Run bad = run("--dropout", "1");
        assertTrue(bad.err().contains("--dropout needs a number in [0, 1) but got '1'"), bad.err());
    }

    @Test
    void theSavedModelAndTheSafetensorsExportPredictFromRawFeatures(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve("iris.mxbp");
        Path export = dir.resolve("iris.safetensors");
        Run r = run("--dataset", "iris", "--epochs", "20", "--layers", "8", "--save", saved.toString(),
                "--export-safetensors", export.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("exported the model as safetensors to " + export.toAbsolutePath()), r.out());
        assertTrue(r.out().contains("the re-imported model's 30 test predictions are identical"), r.out());
        assertTrue(r.out().contains("the reloaded model names the first 5 test samples ["), r.out());

        LabeledData iris = BundledDatasets.iris();
        Model model = ModelFiles.loadModel(saved);
        Model imported = Safetensors.load(export);
        assertEquals(iris.classNames(), model.classes());
        assertEquals(iris.classNames(), imported.classes());
        // the scaling is the training split's standardisation: it must not be the identity
        assertTrue(model.scaler().orElseThrow().shift()[2] > 1, "petal lengths are shifted by their mean");
        DMatrixRMaj raw = iris.dataset().features();
        assertArrayEquals(model.predict(raw).data, imported.predict(raw).data, 0.0);
        int right = 0;
        List<String> predicted = model.predictClasses(raw);
        int[] truth = Labels.classes(iris.dataset().targets());
        for (int i = 0; i < truth.length; i++) {
            right += predicted.get(i).equals(iris.classNames().get(truth[i])) ? 1 : 0;
        }
        assertTrue(right >= 0.8 * truth.length, "raw features give the trained model's accuracy: " + right);
    }

    @Test
    void anExportIntoAMissingFolderIsAnError(@TempDir Path dir) {
        Path export = dir.resolve("no-such-folder").resolve("m.safetensors");
        Run r = run("--dataset", "iris", "--epochs", "1", "--save", dir.resolve("m").toString(),
                "--export-safetensors", export.toString());
        assertEquals(2, r.status(), r.out());
        assertTrue(r.err().startsWith("error: ") && r.err().contains(export.toString()), r.err());
    }

    @Test
    void csvDataset(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("a,b,label\n");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            double a = rnd.nextDouble() * 2 - 1;
            double b = rnd.nextDouble() * 2 - 1;
            csv.append(a).append(',').append(b).append(',').append(a + b > 0 ? "up" : "down").append('\n');
        }
        Path file = dir.resolve("points.csv");
        Files.writeString(file, csv);
        Run r = run("--dataset", "csv:" + file, "--epochs", "40", "--save", dir.resolve("m").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(accuracy(r.out()) >= 0.9, r.out());
    }

    @Test
    void badFlagsPrintUsageAndFail() {
        for (String[] args : new String[][] {{"--epochs", "0"}, {"--dataset", "mnist"}, {"--lr"}, {"--frobnicate", "1"},
                {"--activation", "swoosh"}, {"--optimizer", "lion"}, {"stray"}, {"--layers", "8,x"},
                {"--optimizer", "lbfgs", "--line-search", "backtracking"}, {"--optimizer", "lbfgs", "--max-iter", "0"},
                {"--max-iter", "5"}, {"--optimizer", "sgd", "--line-search", "none"},
                {"--dropout", "1"}, {"--dropout", "-0.1"}, {"--dropout", "half"},
                {"--optimizer", "lbfgs", "--dropout", "0.5"}}) {
            Run r = run(args);
            assertEquals(2, r.status(), String.join(" ", args));
            assertTrue(r.err().startsWith("error: ") && r.err().contains("usage: demo"), r.err());
        }
        Run missing = run("--dataset", "csv:/no/such/file.csv");
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("file.csv"), missing.err());
        Run help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("--dataset") && help.out().contains("--dropout P"), help.out());
        assertTrue(help.out().contains("sgd | adam | adamw | rmsprop | adagrad | lbfgs"), help.out());
        assertTrue(help.out().contains("--line-search S  lbfgs: strong_wolfe | none"), help.out());
        assertTrue(help.out().contains("--export-safetensors FILE"), help.out());
        assertTrue(help.out().contains("--save PATH      where to save the model (default target/demo-model.mxbp"),
                help.out());
        assertTrue(help.out().contains("--plot FILE.png  draw the training curves")
                && help.out().contains("needs the optional dependency org.knowm.xchart:xchart:"), help.out());
        assertTrue(help.out().contains("--history FILE   write the training history as CSV"), help.out());
        assertTrue(help.out().contains("--export-onnx F  also export the trained model with its input scaling as ONNX"),
                help.out());
        assertNull(DemoOptions.parse("--epochs", "3").exportOnnx());
        assertEquals(Path.of("m.onnx"), DemoOptions.parse("--export-onnx", "m.onnx").exportOnnx());
        Run noValue = run("--export-onnx");
        assertEquals(2, noValue.status());
        assertTrue(noValue.err().startsWith("error: --export-onnx needs a value"), noValue.err());
        Run notPng = run("--plot", "curves.svg");
        assertEquals(2, notPng.status());
        assertTrue(notPng.err().startsWith("error: --plot needs a file name ending in .png but got 'curves.svg'"),
                notPng.err());
    }

    @Test
    void historyAndPlotAreWrittenAfterTraining(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path csv = dir.resolve("history.csv");
        Path png = dir.resolve("curves.png");
        Run r = run("--dataset", "iris", "--epochs", "6", "--history", csv.toString(), "--plot", png.toString(),
                "--save", dir.resolve("m").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("wrote the training history to " + csv.toAbsolutePath()), r.out());
        assertTrue(r.out().contains("drew the training curves to " + png.toAbsolutePath()), r.out());
        assertTrue(r.out().contains("epoch 6/6  cost "), r.out()); // the bar's plain summary line
        List<String> lines = Files.readAllLines(csv);
        assertEquals(TrainingHistory.CSV_HEADER, lines.get(0));
        assertEquals(7, lines.size());
        assertTrue(lines.get(6).startsWith("6,") && lines.get(6).endsWith(",acc"), lines.get(6));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(HistoryPlot.DEFAULT_WIDTH, image.getWidth());
        assertEquals(HistoryPlot.DEFAULT_HEIGHT, image.getHeight());
    }

    @Test
    void aMissingFolderFailsBeforeTraining(@TempDir Path dir) {
        Run r = run("--dataset", "iris", "--history", dir.resolve("no").resolve("h.csv").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("error: --history " + dir.resolve("no").resolve("h.csv") + ": the folder "
                + dir.resolve("no").toAbsolutePath() + " does not exist"), r.err());
        assertFalse(r.out().contains("training:"), r.out());
    }

    @Test
    void withoutXChartPlotFailsBeforeTrainingAndNamesTheDependency() throws Exception {
        // the library's classes and EJML, without XChart
        URL classes = Demo.class.getProtectionDomain().getCodeSource().getLocation();
        URL ejml = DMatrixRMaj.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader bare = new URLClassLoader(new URL[] {classes, ejml}, ClassLoader.getPlatformClassLoader())) {
            Method run = Class.forName(Demo.class.getName(), true, bare)
                    .getDeclaredMethod("run", PrintStream.class, PrintStream.class, String[].class);
            run.setAccessible(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = (int) run.invoke(null, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new String[] {"--plot", "curves.png"});
            assertEquals(2, status);
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: --plot needs XChart, an optional"
                    + " dependency that is not on the classpath: add " + HistoryPlot.XCHART + " to use --plot"),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void theDefaultModelGoesIntoTargetWhenTheWorkingDirectoryHasOne(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("target"));
        assertEquals(dir.resolve("target").resolve("demo-model.mxbp"), DemoOptions.defaultModel(dir));
        assertNull(DemoOptions.parse("--epochs", "3").save());
        assertEquals(Path.of("elsewhere.mxbp"), DemoOptions.parse("--save", "elsewhere.mxbp").save());
    }

    @Test
    void withoutTargetTheDefaultModelGoesIntoAFreshTemporaryDirectory(@TempDir Path dir) throws Exception {
        Path first = DemoOptions.defaultModel(dir);
        Path second = DemoOptions.defaultModel(dir);
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            assertEquals("demo-model.mxbp", first.getFileName().toString());
            assertTrue(Files.isDirectory(first.getParent()), first.toString());
            assertNotEquals(tmp, first.getParent().toAbsolutePath(), "not directly in the shared temp directory");
            assertNotEquals(first.getParent(), second.getParent(), "a new directory per run");
            assertFalse(first.startsWith(dir), first.toString());
            assertFalse(Files.exists(first), "only the directory is created");
        } finally {
            Files.delete(first.getParent());
            Files.delete(second.getParent());
        }
    }

    @Test
    void withoutSaveTheRunSavesIntoTargetAndSaysWhere() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("target")), "runs in a Maven build, whose working directory has target/");
        Run r = run("--dataset", "iris", "--epochs", "5");
        assertEquals(0, r.status(), r.err());
        Path expected = Path.of("target", "demo-model.mxbp").toAbsolutePath();
        assertTrue(r.out().contains("saved the model to " + expected + ";"), r.out());
        assertTrue(Files.isRegularFile(expected), expected.toString());
    }
}
