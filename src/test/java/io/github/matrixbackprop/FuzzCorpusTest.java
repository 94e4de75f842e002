package io.github.matrixbackprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.FuzzCorpus.Entry;
import io.github.matrixbackprop.FuzzCorpus.Target;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz corpus as regression tests: every kept input (the shortest one of each outcome the
 * seeded fuzzer reached, see {@link FuzzCorpus}) must still be read, or rejected with the
 * documented exception and the same message, within a time limit.
 */
class FuzzCorpusTest {

    @TempDir
    static Path scratch;

    static Path corpus() throws URISyntaxException {
        return Path.of(FuzzCorpusTest.class.getResource("/fuzz-corpus/corpus.tsv").toURI()).getParent();
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusInputHasItsRecordedOutcome() throws Exception {
        Path dir = corpus();
        return FuzzCorpus.read(dir).stream().map(e -> DynamicTest.dynamicTest(e.file() + " (" + e.target() + ")",
                () -> {
                    byte[] input = Files.readAllBytes(dir.resolve(e.file()));
                    String actual = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
                            () -> FuzzCorpus.outcome(e.target(), input, scratch));
                    assertEquals(e.expected(), FuzzCorpus.escape(actual), () -> e.file()
                            + ": the outcome changed; if intended, regenerate the corpus (see FuzzCorpus)");
                }));
    }

    @Test
    void theCorpusCoversEveryTargetWithReadAndRejectedInputs() throws Exception {
        List<Entry> entries = FuzzCorpus.read(corpus());
        Map<Target, int[]> counts = new EnumMap<>(Target.class);
        for (Entry e : entries) {
            counts.computeIfAbsent(e.target(), t -> new int[2])[e.expected().startsWith("ok") ? 0 : 1]++;
            assertTrue(Files.isRegularFile(corpus().resolve(e.file())), e.file() + " is listed but missing");
        }
        for (Target t : Target.values()) {
            int[] c = counts.getOrDefault(t, new int[2]);
            assertTrue(c[0] >= 1, t + ": no input that is read");
            assertTrue(c[1] >= 3, t + ": only " + c[1] + " rejected inputs");
        }
        long files;
        try (Stream<Path> list = Files.list(corpus())) {
            files = list.filter(p -> !p.getFileName().toString().equals("corpus.tsv")).count();
        }
        assertEquals(entries.size(), files, "every file of the corpus is listed in corpus.tsv");
    }
}
