package io.github.matrixbackprop.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.matrixbackprop.Mutator;
import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.model.Model;
import io.github.matrixbackprop.network.Network;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the safetensors reader: every mutated file must load or be rejected with a
 * {@link ModelFormatException}, within a time limit. Half of the inputs are mutated as a whole;
 * the other half get only their JSON header mutated, with the length field fitted to it, so that
 * the fuzzer reaches the header's checks and not only the length field.
 */
class SafetensorsFuzzTest {

    static final int RUNS = 3000;

    @Test
    void readerOnlyThrowsModelFormatException(@TempDir Path dir) throws Exception {
        Network net = TestNets.random(4, new int[] {3, 4, 2}, Activations.leakyRelu(0.2), Activations.softmax());
        Model model = Model.of(net).withScaler(Scaler.standardize(TestNets.inputs(1, 5, 3)))
                .withClasses(List.of("a", "b"));
        Path f64 = dir.resolve("seed64");
        Path f32 = dir.resolve("seed32");
        Safetensors.save(model, f64);
        Safetensors.save(model, f32, Safetensors.Dtype.F32);
        byte[][] seeds = {Files.readAllBytes(f64), Files.readAllBytes(f32),
            Files.readAllBytes(SafetensorsTorchTest.resources().resolve("torch-mlp-f16.safetensors"))};
        Mutator mutator = new Mutator(5);
        Map<String, Integer> problems = new TreeMap<>();
        int loaded = 0;
        Path input = dir.resolve("input");
        for (int i = 0; i < RUNS; i++) {
            int seed = i % seeds.length;
            byte[] bytes = (i / seeds.length) % 2 == 0 ? mutator.mutate(seeds[seed]) : mutateHeader(mutator, seeds[seed]);
            Files.write(input, bytes);
            int[] ok = new int[1];
            try {
                Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                    try {
                        if (seed == 2) {
                            Safetensors.load(input, List.of(Activations.relu(), Activations.tanh(), Activations.identity()));
                        } else {
                            Safetensors.load(input);
                        }
                        ok[0] = 1;
                    } catch (ModelFormatException expected) {
                        problems.merge(expected.problem().name(), 1, Integer::sum);
                    }
                });
            } catch (Throwable t) {
                fail("input " + i + " (" + HexFormat.of().formatHex(bytes) + ") threw " + t, t);
            }
            loaded += ok[0];
        }
        System.out.printf("safetensors fuzz: %d inputs, %d loaded, rejected: %s%n", RUNS, loaded, problems);
        assertTrue(problems.getOrDefault("INVALID", 0) > RUNS / 10, "the fuzzer must reach the header's checks");
        assertTrue(problems.getOrDefault("TRUNCATED", 0) > RUNS / 100, "and the length checks");
        assertTrue(loaded > 0, "and some mutants still load");
    }

    /** The file with its header mutated and its length field set to the mutated header's length. */
    private static byte[] mutateHeader(Mutator mutator, byte[] file) {
        int n = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        byte[] header = mutator.mutate(Arrays.copyOfRange(file, 8, 8 + n));
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + file.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header).put(file, 8 + n, file.length - 8 - n);
        return out.array();
    }
}
