package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers' errors about the file itself name its path. */
class ReaderFilesTest {

    @Test
    void aDirectoryIsNamedByBothReaders(@TempDir Path dir) {
        IOException csv = assertThrows(IOException.class, () -> CsvReader.read(dir, CsvOptions.defaults()));
        assertEquals(dir + ": is a directory, not a file", csv.getMessage());
        IOException idx = assertThrows(IOException.class, () -> IdxReader.read(dir));
        assertEquals(dir + ": is a directory, not a file", idx.getMessage());
    }

    @Test
    void aMissingFileIsNamedByBothReaders(@TempDir Path dir) {
        Path csvFile = dir.resolve("missing.csv");
        NoSuchFileException csv = assertThrows(NoSuchFileException.class,
                () -> CsvReader.read(csvFile, CsvOptions.defaults()));
        assertTrue(csv.getMessage().contains(csvFile.toString()), csv.getMessage());
        Path idxFile = dir.resolve("missing.idx");
        NoSuchFileException idx = assertThrows(NoSuchFileException.class, () -> IdxReader.read(idxFile));
        assertTrue(idx.getMessage().contains(idxFile.toString()), idx.getMessage());
    }

    @Test
    void aFileWithAByteOrderMarkReadsItsFirstColumnName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bom.csv");
        Files.write(file, "\uFEFFx1,y\n1,a\n2,b\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("x1"), CsvReader.read(file, CsvOptions.defaults()).featureNames());
    }

    @Test
    void bytesThatAreNotUtf8AreMalformedData(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, new byte[] {'x', ',', 'y', '\n', '1', ',', (byte) 0xe9, '\n'});
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> CsvReader.read(file, CsvOptions.defaults()));
        assertTrue(e.getMessage().startsWith("latin1.csv: bytes that are not valid text"), e.getMessage());
    }
}
