package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.matrixbackprop.Mutator;
import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the model-file loader: every mutated file must load or be rejected with a
 * {@link ModelFormatException}, within a time limit. Half of the inputs get their length and
 * CRC-32 recomputed after mutation, so that the fuzzer reaches the content parser and not only
 * the checksum.
 */
class ModelFileFuzzTest {

    static final int RUNS = 3000;

    /** Makes the frame consistent again: payload length from the file size, CRC over the rest. */
    static byte[] refresh(byte[] b) {
        if (b.length < ModelFiles.HEADER + 4) {
            return b;
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.putLong(8, b.length - ModelFiles.HEADER - 4);
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        buf.putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    @Test
    void loaderOnlyThrowsModelFormatException(@TempDir Path dir) throws Exception {
        Network net = TestNets.random(1, new int[] {3, 4, 2}, Activations.leakyRelu(0.2), Activations.softmax());
        Path netFile = dir.resolve("net");
        Path optFile = dir.resolve("opt");
        ModelFiles.save(net, netFile);
        ModelFiles.save(Adam.defaults().withAmsgrad(true).create(net).state(), optFile);
        byte[][] seeds = {Files.readAllBytes(netFile), Files.readAllBytes(optFile)};
        Mutator mutator = new Mutator(3);
        Map<String, Integer> problems = new TreeMap<>();
        int loaded = 0;
        Path input = dir.resolve("input");
        for (int i = 0; i < RUNS; i++) {
            int kind = i % 2;
            byte[] bytes = mutator.mutate(seeds[kind]);
            if ((i / 2) % 2 == 0) {
                bytes = refresh(bytes);
            }
            Files.write(input, bytes);
            byte[] shown = bytes;
            int[] ok = new int[1];
            try {
                Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                    try {
                        if (kind == 0) {
                            ModelFiles.loadNetwork(input);
                        } else {
                            ModelFiles.loadOptimizerState(input);
                        }
                        ok[0] = 1;
                    } catch (ModelFormatException expected) {
                        problems.merge(expected.problem().name(), 1, Integer::sum);
                    }
                });
            } catch (Throwable t) {
                fail("input " + i + " (" + HexFormat.of().formatHex(shown) + ") threw " + t, t);
            }
            loaded += ok[0];
        }
        System.out.printf("model file fuzz: %d inputs, %d loaded, rejected: %s%n", RUNS, loaded, problems);
        assertTrue(problems.getOrDefault("INVALID", 0) > RUNS / 50, "the fuzzer must reach the content parser");
        assertTrue(problems.getOrDefault("CORRUPTED", 0) > RUNS / 50, "and the checksum");
    }
}
