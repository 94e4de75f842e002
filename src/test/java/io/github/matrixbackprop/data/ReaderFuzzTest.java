package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.matrixbackprop.FuzzCorpus;
import io.github.matrixbackprop.Mutator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the CSV and IDX readers: every mutated input must be read or rejected with
 * the readers' documented exception, {@link MalformedDataException}, within a time limit, never
 * with another exception or error.
 * The interesting inputs are kept as regression tests in the fuzz corpus ({@code FuzzCorpusTest}).
 */
class ReaderFuzzTest {

    static final int RUNS = 4000;

    @Test
    void csvReaderOnlyThrowsItsDocumentedException() {
        Mutator mutator = new Mutator(1);
        int[] outcome = new int[2];
        for (int i = 0; i < RUNS; i++) {
            FuzzCorpus.Target target = FuzzCorpus.CSV_TARGETS[i % FuzzCorpus.CSV_TARGETS.length];
            // every option set gets mutants of both seeds
            byte[] input = mutator.mutate((i / FuzzCorpus.CSV_TARGETS.length) % 2 == 0
                    ? FuzzCorpus.csvCleanSeed(target) : FuzzCorpus.csvSeed(target));
            CsvOptions o = target.csvOptions();
            run("csv", i, input, () -> {
                try {
                    CsvReader.read(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8), o,
                            "fuzz.csv");
                    outcome[0]++;
                } catch (MalformedDataException expected) {
                    outcome[1]++;
                }
                return null;
            });
        }
        System.out.printf("csv fuzz: %d inputs, %d read, %d rejected with MalformedDataException%n", RUNS,
                outcome[0], outcome[1]);
        Assertions.assertTrue(outcome[0] > RUNS / 20 && outcome[1] > RUNS / 20, "the fuzzer must reach both outcomes");
    }

    @Test
    void idxReaderOnlyThrowsItsDocumentedException() throws IOException {
        byte[] raw = FuzzCorpus.idxSeed();
        byte[] gz = FuzzCorpus.gzip(raw);
        Mutator mutator = new Mutator(2);
        int[] outcome = new int[2];
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (int i = 0; i < RUNS; i++) {
            byte[] input = mutator.mutate(i % 2 == 0 ? raw : gz);
            run("idx", i, input, () -> {
                try {
                    IdxReader.read(new ByteArrayInputStream(input), "fuzz.idx");
                    outcome[0]++;
                } catch (MalformedDataException expected) {
                    outcome[1]++;
                    kinds.merge(expected.getMessage().replaceAll("[0-9]+", "N").replaceAll("\\(.*", ""), 1, Integer::sum);
                }
                return null;
            });
        }
        System.out.printf("idx fuzz: %d inputs, %d read, %d rejected for %d kinds of reason%n", RUNS, outcome[0],
                outcome[1], kinds.size());
        Assertions.assertTrue(outcome[0] > RUNS / 50 && outcome[1] > RUNS / 20, "the fuzzer must reach both outcomes");
    }

    /** Runs one input with a time limit; any undocumented throwable fails with the input to reproduce it. */
    static void run(String what, int i, byte[] input, java.util.concurrent.Callable<Void> body) {
        try {
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), body::call);
        } catch (Throwable t) {
            fail(what + " input " + i + " (" + HexFormat.of().formatHex(input) + ") threw " + t, t);
        }
    }
}
