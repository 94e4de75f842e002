package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static LabeledData read(String text, CsvOptions o) throws IOException {
        return CsvReader.read(new StringReader(text), o, "t.csv");
    }

    @Test
    void readsStringLabelsInAlphabeticalClassOrder() throws IOException {
        LabeledData d = read("a,b,kind\n1,2,dog\n3,4.5,cat\n-1,0,dog\n", CsvOptions.defaults());
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertEquals(List.of("a", "b"), d.featureNames());
        assertEquals(3, d.dataset().size());
        assertEquals(4.5, d.dataset().features().get(1, 1));
        assertArrayEquals(new int[] {1, 0, 1}, Labels.classes(d.dataset().targets()));
    }

    @Test
    void numericLabelsAreOrderedNumerically() throws IOException {
        LabeledData d = read("x,y\n1,10\n2,9\n3,10\n4,2\n", CsvOptions.defaults());
        assertEquals(List.of("2", "9", "10"), d.classNames());
    }

    @Test
    void numericLabelsWithEqualValuesAreOneClass() throws IOException {
        // "1", "1.0" and "1e0" are the same number: one class, named as first seen
        LabeledData d = read("x,y\n1,1\n2,0\n3,1.0\n4,1e0\n5,0.0\n", CsvOptions.defaults());
        assertEquals(List.of("0", "1"), d.classNames());
        assertArrayEquals(new int[] {1, 0, 1, 1, 0}, Labels.classes(d.dataset().targets()));
    }

    @Test
    void targetByNameOrIndexAndRegression() throws IOException {
        String csv = "price,rooms,area\n100.5,3,70\n80,2,55\n";
        LabeledData byName = read(csv, CsvOptions.defaults().withTarget("price").withTask(CsvOptions.Task.REGRESSION));
        assertEquals(List.of("rooms", "area"), byName.featureNames());
        assertEquals(100.5, byName.dataset().targets().get(0, 0));
        assertTrue(byName.classNames().isEmpty());
        LabeledData byIndex = read(csv, CsvOptions.defaults().withTarget(0).withTask(CsvOptions.Task.REGRESSION));
        assertEquals(byName.dataset().features().get(1, 1), byIndex.dataset().features().get(1, 1));
    }

    @Test
    void delimiterQuotesAndNoHeader() throws IOException {
        LabeledData d = read("\"1.5\";\"2\";\"a;b\"\n3;4;\"say \"\"hi\"\"\"\n",
                CsvOptions.defaults().withHeader(false).withDelimiter(';'));
        assertEquals(List.of("a;b", "say \"hi\""), d.classNames());
        assertEquals(List.of("x0", "x1"), d.featureNames());
        assertEquals(1.5, d.dataset().features().get(0, 0));
    }

    @Test
    void aBadNumberNamesTheLineAndTheColumn() {
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> read("a,b,c\n1,2,x\n1,abc,y\n", CsvOptions.defaults()));
        assertEquals("t.csv line 3, column 2 ('b'): 'abc' is not a number", e.getMessage());
    }

    @Test
    void missingValuesFollowThePolicy() throws IOException {
        String csv = "a,b,c\n1,,x\n3,4,y\n5,8,x\n";
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> read(csv, CsvOptions.defaults()));
        assertTrue(e.getMessage().startsWith("t.csv line 2, column 2 ('b'): the value is missing"), e.getMessage());
        LabeledData skipped = read(csv, CsvOptions.defaults().withMissing(CsvOptions.MissingValues.SKIP_ROW));
        assertEquals(2, skipped.dataset().size());
        LabeledData mean = read(csv, CsvOptions.defaults().withMissing(CsvOptions.MissingValues.COLUMN_MEAN));
        assertEquals(6.0, mean.dataset().features().get(0, 1));
        MalformedDataException target = assertThrows(MalformedDataException.class,
                () -> read("a,b\n1,\n", CsvOptions.defaults().withMissing(CsvOptions.MissingValues.COLUMN_MEAN)));
        assertTrue(target.getMessage().contains("target is missing"), target.getMessage());
    }

    @Test
    void raggedRowsEmptyFilesAndUnknownColumnsAreNamed() {
        MalformedDataException ragged = assertThrows(MalformedDataException.class,
                () -> read("a,b,c\n1,2,x\n1,2\n", CsvOptions.defaults()));
        assertEquals("t.csv line 3: 2 fields but the header has 3", ragged.getMessage());
        assertThrows(MalformedDataException.class, () -> read("a,b\n", CsvOptions.defaults()));
        MalformedDataException name = assertThrows(MalformedDataException.class,
                () -> read("a,b\n1,2\n", CsvOptions.defaults().withTarget("z")));
        assertEquals("t.csv: no column named 'z'; the header has 'a', 'b'", name.getMessage());
        MalformedDataException quote = assertThrows(MalformedDataException.class,
                () -> read("a,b\n\"1,2\n", CsvOptions.defaults()));
        assertTrue(quote.getMessage().contains("line 2") && quote.getMessage().contains("quoted"), quote.getMessage());
        assertThrows(MalformedDataException.class, () -> read("a,b\n1,inf\n",
                CsvOptions.defaults().withTask(CsvOptions.Task.REGRESSION)));
    }

    @Test
    void namedTargetNeedsAHeader() {
        assertThrows(IllegalArgumentException.class, () -> CsvOptions.defaults().withTarget("y").withHeader(false)
                .withTarget("y"));
    }

    @Test
    void columnMeanDoesNotOverflow() throws IOException {
        CsvOptions mean = CsvOptions.defaults().withMissing(CsvOptions.MissingValues.COLUMN_MEAN);
        // the sum 1e308 + 1e308 overflows; the mean of the two is 1e308
        LabeledData two = read("a,y\n1e308,0\n1e308,1\nNA,0\n", mean);
        assertEquals(1e308, two.dataset().features().get(2, 0));
        LabeledData three = read("a,y\n1e308,0\n1e308,1\n-1e308,0\nNA,1\n", mean);
        double fill = three.dataset().features().get(3, 0);
        assertTrue(Double.isFinite(fill), "fill " + fill);
        assertEquals(1e308 / 3, fill, 1e294);
        // ordinary columns keep the plain mean
        LabeledData plain = read("a,y\n1,0\n2,1\nNA,0\n", mean);
        assertEquals(1.5, plain.dataset().features().get(2, 0));
    }
}
