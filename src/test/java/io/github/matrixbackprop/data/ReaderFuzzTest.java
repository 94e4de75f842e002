package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.matrixbackprop.Mutator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the CSV and IDX readers: every mutated input must be read or rejected with
 * the reader's documented exception (CSV: {@link IllegalArgumentException}; IDX:
 * {@link MalformedDataException}), within a time limit, never with another exception or error.
 */
class ReaderFuzzTest {

    static final int RUNS = 4000;

    @Test
    void csvReaderOnlyThrowsItsDocumentedException() {
        String seedText = "a,b,\"c, quoted\",label\n1,2.5,3,x\n-1,NaN,?,y\n4,5e3,6,\"z\"\"q\"\n,7,8,x\n";
        byte[] seed = seedText.getBytes(StandardCharsets.UTF_8);
        byte[] clean = "a,b,c,label\n1,2.5,3,x\n-1,0.5,2,y\n4,5e3,6,z\n0,7,8,x\n".getBytes(StandardCharsets.UTF_8);
        Mutator mutator = new Mutator(1);
        CsvOptions[] options = {CsvOptions.defaults(), CsvOptions.defaults().withMissing(CsvOptions.MissingValues.SKIP_ROW),
            CsvOptions.defaults().withMissing(CsvOptions.MissingValues.COLUMN_MEAN).withTask(CsvOptions.Task.REGRESSION)
                    .withTarget(1), CsvOptions.defaults().withHeader(false).withDelimiter(';')};
        int[] outcome = new int[2];
        for (int i = 0; i < RUNS; i++) {
            byte[] input = mutator.mutate(i % 2 == 0 ? clean : seed);
            CsvOptions o = options[i % options.length];
            run("csv", i, input, () -> {
                try {
                    CsvReader.read(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8), o,
                            "fuzz.csv");
                    outcome[0]++;
                } catch (IllegalArgumentException expected) {
                    outcome[1]++;
                }
                return null;
            });
        }
        System.out.printf("csv fuzz: %d inputs, %d read, %d rejected with IllegalArgumentException%n", RUNS,
                outcome[0], outcome[1]);
        Assertions.assertTrue(outcome[0] > RUNS / 20 && outcome[1] > RUNS / 20, "the fuzzer must reach both outcomes");
    }

    @Test
    void idxReaderOnlyThrowsItsDocumentedException() throws IOException {
        byte[] raw = idx();
        byte[] gz = gzip(raw);
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
        System.out.printf("idx fuzz: %d inputs, %d read, %d rejected; reasons: %s%n", RUNS, outcome[0], outcome[1],
                kinds);
        Assertions.assertTrue(outcome[0] > RUNS / 50 && outcome[1] > RUNS / 20, "the fuzzer must reach both outcomes");
    }

    static byte[] idx() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, 0x08, 3});
        out.writeInt(3);
        out.writeInt(4);
        out.writeInt(4);
        for (int i = 0; i < 48; i++) {
            out.writeByte(i * 5);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
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
