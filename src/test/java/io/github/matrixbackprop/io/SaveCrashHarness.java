package io.github.matrixbackprop.io;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.network.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Kills saving processes with SIGKILL and checks what they leave: a harness run by hand (see
 * docs/testing.md), not part of the suite.
 *
 * <p>{@code SaveCrashHarness DIR KILLS} starts, {@code KILLS} times, a child JVM that saves a
 * 784-256-256-10 network (about 2 MB) over {@code DIR/model.mxbp} in a loop, kills it after a
 * seeded random 50-400 ms, then checks that the target loads and counts the temporary files left.
 * At the end one more save runs to completion, and the temporary files are counted again.
 */
public final class SaveCrashHarness {

    private SaveCrashHarness() {
    }

    /**
     * Runs the harness, or (with {@code child TARGET}) the saving loop of one child.
     *
     * @param args {@code DIR KILLS}, or {@code child TARGET}
     * @throws Exception if a step fails unexpectedly
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("child")) {
            Network net = network();
            Path target = Path.of(args[1]);
            while (true) {
                ModelFiles.save(net, target);
            }
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        int kills = Integer.parseInt(args[1]);
        Path target = dir.resolve("model.mxbp");
        ModelFiles.save(network(), target);
        SplittableRandom random = new SplittableRandom(2026);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int corrupt = 0;
        int maxTemps = 0;
        int midSave = 0;
        for (int k = 0; k < kills; k++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    SaveCrashHarness.class.getName(), "child", target.toString()).inheritIO().start();
            Thread.sleep(300 + random.nextInt(50, 400)); // JVM start-up, then saves in flight
            p.destroyForcibly(); // SIGKILL on Linux
            p.waitFor(10, TimeUnit.SECONDS);
            try {
                ModelFiles.loadNetwork(target);
            } catch (IOException e) {
                corrupt++;
                System.out.println("kill " + (k + 1) + ": the target does not load: " + e.getMessage());
            }
            int left = temps(dir).size();
            midSave += left > 0 ? 1 : 0;
            maxTemps = Math.max(maxTemps, left);
        }
        List<Path> before = temps(dir);
        long bytes = 0;
        for (Path t : before) {
            bytes += Files.size(t);
        }
        ModelFiles.save(network(), target);
        List<Path> after = temps(dir);
        System.out.printf("%d kills (%d of them during a write, leaving a temporary file): %d corrupt targets;"
                + " temporary files: at most %d at once, %d (%d bytes) before the final save, %d after it%n", kills,
                midSave, corrupt, maxTemps, before.size(), bytes, after.size());
    }

    private static List<Path> temps(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(AtomicFileWriter.TEMP_SUFFIX)).toList();
        }
    }

    private static Network network() {
        return Network.builder(784).dense(256, Activations.relu()).dense(256, Activations.relu())
                .dense(10, Activations.softmax()).seed(7).build();
    }
}
