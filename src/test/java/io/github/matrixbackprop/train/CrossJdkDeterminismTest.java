package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.matrixbackprop.kernel.Kernels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives bit-identical parameters on every JDK on the machine: the training run of
 * {@link DeterminismProbe} is repeated in each other JDK found under {@code /usr/lib/jvm} (with the
 * same kernel: the Vector API module is passed exactly when this JVM has it) and the digests of all
 * parameter bits must be equal. Reports that it did not run when there is no other JDK.
 */
class CrossJdkDeterminismTest {

    @Test
    void everyInstalledJdkTrainsToTheSameBits() throws Exception {
        Path self = Path.of(System.getProperty("java.home")).toRealPath();
        List<Path> others = new ArrayList<>();
        Path root = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                for (Path p : s.toList()) {
                    Path java = p.resolve("bin/java");
                    if (Files.isExecutable(java) && !Files.isSymbolicLink(p) && !p.toRealPath().equals(self)
                            && others.stream().noneMatch(o -> realOrSelf(o).equals(realOrSelf(p)))) {
                        others.add(p);
                    }
                }
            }
        }
        Assumptions.assumeFalse(others.isEmpty(), "no JDK other than " + self + " under /usr/lib/jvm");
        String expected = DeterminismProbe.digest();
        for (Path jdk : others) {
            List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/java").toString()));
            if (Kernels.vectorApiAvailable()) {
                cmd.add("--add-modules=jdk.incubator.vector");
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DeterminismProbe.class.getName()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(jdk + " did not finish in 120 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), jdk + " failed: " + err);
            String[] lines = out.split("\\R");
            assertEquals(expected, lines[lines.length - 1], "parameters trained on " + jdk + " differ from "
                    + self + " (kernel " + Kernels.fastestMicroKernel().name() + ")");
            System.out.println("cross-JDK determinism: " + jdk.getFileName() + " matches " + self.getFileName()
                    + " (" + Kernels.fastestMicroKernel().name() + "): " + expected.substring(0, 16));
        }
    }

    private static Path realOrSelf(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }
}
