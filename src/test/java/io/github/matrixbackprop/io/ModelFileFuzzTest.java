package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.matrixbackprop.FuzzCorpus;
import io.github.matrixbackprop.Mutator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the model-file loader: every mutated file (from a network of format version 1,
 * an optimizer state, a network with dropout, version 2, and a model with input scaling, class
 * names and a dropout option, version 2) must load or be rejected with a
 * {@link ModelFormatException}, within a time limit. Half of the inputs get their length and
 * CRC-32 recomputed after mutation, so that the fuzzer reaches the content parser and not only
 * the checksum. The interesting inputs are kept as regression tests in the fuzz corpus
 * ({@code FuzzCorpusTest}).
 */
class ModelFileFuzzTest {

    static final int RUNS = 3000;

    @Test
    void theCorpusGeneratorUsesTheFormatsHeaderLength() {
        assertEquals(ModelFiles.HEADER, FuzzCorpus.MODEL_HEADER);
    }

    @Test
    void loaderOnlyThrowsModelFormatException(@TempDir Path dir) throws Exception {
        byte[][] seeds = {FuzzCorpus.modelSeed(0, dir), FuzzCorpus.modelSeed(1, dir), FuzzCorpus.modelSeed(2, dir),
            FuzzCorpus.modelSeed(3, dir)};
        Mutator mutator = new Mutator(3);
        Map<String, Integer> problems = new TreeMap<>();
        int loaded = 0;
        Path input = dir.resolve("input");
        for (int i = 0; i < RUNS; i++) {
            int kind = i % 4;
            byte[] bytes = mutator.mutate(seeds[kind]);
            if ((i / 4) % 2 == 0) {
                bytes = FuzzCorpus.refresh(bytes);
            }
            Files.write(input, bytes);
            byte[] shown = bytes;
            int[] ok = new int[1];
            try {
                Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                    try {
                        if (kind == 1) {
                            ModelFiles.loadOptimizerState(input);
                        } else if (kind == 3) {
                            ModelFiles.loadModel(input);
                        } else {
                            ModelFiles.loadNetwork(input);
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
