package io.github.matrixbackprop.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.matrixbackprop.data.BundledDatasets;
import io.github.matrixbackprop.data.LabeledData;
import io.github.matrixbackprop.data.Labels;
import io.github.matrixbackprop.io.ModelFiles;
import io.github.matrixbackprop.io.Safetensors;
import io.github.matrixbackprop.model.Model;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
                {"--activation", "swoosh"}, {"--optimizer", "lion"}, {"stray"}, {"--layers", "8,x"}}) {
            Run r = run(args);
            assertEquals(2, r.status(), String.join(" ", args));
            assertTrue(r.err().startsWith("error: ") && r.err().contains("usage: demo"), r.err());
        }
        Run missing = run("--dataset", "csv:/no/such/file.csv");
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("file.csv"), missing.err());
        Run help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("--dataset"), help.out());
        assertTrue(help.out().contains("--export-safetensors FILE"), help.out());
        assertTrue(help.out().contains("--save PATH      where to save the model (default target/demo-model.mxbp"),
                help.out());
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
