package io.github.matrixbackprop.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    }
}
