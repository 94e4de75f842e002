package io.github.matrixbackprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Classes of a CSV target column: fixed class lists, numeric labels, binary targets, implausible counts. */
class CsvClassesTest {

    private static LabeledData read(String text, CsvOptions o) throws IOException {
        return CsvReader.read(new StringReader(text), o, "t.csv");
    }

    @Test
    void aTestFileReadWithTheTrainingClassesKeepsTheirIndices() throws IOException {
        LabeledData train = read("x,kind\n1,cat\n2,dog\n3,bird\n", CsvOptions.defaults());
        assertEquals(List.of("bird", "cat", "dog"), train.classNames());
        String test = "x,kind\n4,dog\n5,bird\n";
        // fitted on its own, the test file numbers dog 1 instead of 2: the reason for the class list
        assertEquals(List.of("bird", "dog"), read(test, CsvOptions.defaults()).classNames());
        LabeledData d = read(test, CsvOptions.defaults().withClasses(train.classNames()));
        assertEquals(List.of("bird", "cat", "dog"), d.classNames());
        assertEquals(3, d.dataset().targetWidth());
        assertArrayEquals(new int[] {2, 0}, Labels.classes(d.dataset().targets()));
    }

    @Test
    void aLabelOutsideTheGivenClassesIsNamedWithItsLineAndColumn() {
        CsvOptions o = CsvOptions.defaults().withClasses(List.of("bird", "cat", "dog"));
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> read("x,kind\n4,dog\n\n5,fish\n", o));
        assertEquals("t.csv line 4, column 2 ('kind'): the label 'fish' is not one of the 3 given classes 'bird',"
                + " 'cat', 'dog'", e.getMessage());
        List<String> many = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            many.add("c" + k);
        }
        MalformedDataException capped = assertThrows(MalformedDataException.class,
                () -> read("x,kind\n4,c3\n5,zebra\n", CsvOptions.defaults().withClasses(many)));
        assertEquals("t.csv line 3, column 2 ('kind'): the label 'zebra' is not one of the 12 given classes 'c0',"
                + " 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9' and 2 more", capped.getMessage());
    }

    @Test
    void givenNumericClassesMatchEqualNumbers() throws IOException {
        LabeledData d = read("x,y\n1,2.0\n2,-0\n3,1e0\n4,0\n",
                CsvOptions.defaults().withClasses(List.of("0", "1", "2")));
        assertEquals(List.of("0", "1", "2"), d.classNames());
        assertArrayEquals(new int[] {2, 0, 1, 0}, Labels.classes(d.dataset().targets()));
    }

    @Test
    void zeroAndMinusZeroAreOneClass() throws IOException {
        LabeledData d = read("x,y\n1,0\n2,-0\n3,1\n4,-0.0\n", CsvOptions.defaults());
        assertEquals(List.of("0", "1"), d.classNames());
        assertArrayEquals(new int[] {0, 0, 1, 0}, Labels.classes(d.dataset().targets()));
    }

    @Test
    void theClassListIsValidatedAndCopied() {
        CsvOptions o = CsvOptions.defaults();
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> o.withClasses(List.of("a")));
        assertEquals("a class list needs at least two classes but 1 given: 'a'", one.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> o.withClasses(List.of("a", "b", "a")));
        assertEquals("class name 2 'a' appears twice in the class list", twice.getMessage());
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                () -> o.withClasses(List.of("1", "1.0")));
        assertEquals("class name 1 '1.0' is the same number as '1' in the class list", number.getMessage());
        IllegalArgumentException space = assertThrows(IllegalArgumentException.class,
                () -> o.withClasses(List.of(" a", "b")));
        assertTrue(space.getMessage().startsWith("class name 0 ' a' is blank or has leading or trailing whitespace"),
                space.getMessage());
        assertThrows(IllegalArgumentException.class, () -> o.withClasses(List.of("", "b")));
        NullPointerException nullName = assertThrows(NullPointerException.class,
                () -> o.withClasses(Arrays.asList("a", null)));
        assertEquals("class name 1 must not be null", nullName.getMessage());
        assertThrows(NullPointerException.class, () -> o.withClasses(null));
        IllegalArgumentException regression = assertThrows(IllegalArgumentException.class,
                () -> o.withTask(CsvOptions.Task.REGRESSION).withClasses(List.of("a", "b")));
        assertEquals("a class list ('a', 'b') is given, but the task is REGRESSION", regression.getMessage());
        IllegalArgumentException binary = assertThrows(IllegalArgumentException.class,
                () -> o.withTask(CsvOptions.Task.BINARY).withClasses(List.of("a", "b", "c")));
        assertEquals("binary targets need exactly two classes but 3 given: 'a', 'b', 'c'", binary.getMessage());

        List<String> names = new ArrayList<>(List.of("a", "b"));
        CsvOptions fixed = o.withClasses(names);
        names.add("c");
        assertEquals(List.of("a", "b"), fixed.classes());
        assertThrows(UnsupportedOperationException.class, () -> fixed.classes().add("d"));
        assertEquals(List.of(), o.classes());
        assertEquals(List.of(), fixed.withClasses(List.of()).classes());
        assertEquals(List.of("a", "b"), fixed.withHeader(false).withDelimiter(';').withTarget(0).classes());
    }

    @Test
    void binaryTargetsAreOneColumnOfZeroAndOne() throws IOException {
        CsvOptions binary = CsvOptions.defaults().withTask(CsvOptions.Task.BINARY);
        LabeledData d = read("x,y\n1,yes\n2,no\n3,yes\n", binary);
        assertEquals(List.of("no", "yes"), d.classNames());
        assertEquals(1, d.dataset().targetWidth());
        assertArrayEquals(new double[] {1, 0, 1}, d.dataset().targets().data);
        assertTrue(d.isBinary() && d.isClassification());
        LabeledData given = read("x,y\n1,yes\n2,no\n3,yes\n", binary.withClasses(List.of("yes", "no")));
        assertEquals(List.of("yes", "no"), given.classNames());
        assertArrayEquals(new double[] {0, 1, 0}, given.dataset().targets().data);
        LabeledData numeric = read("x,y\n1,1\n2,0\n3,1.0\n", binary);
        assertEquals(List.of("0", "1"), numeric.classNames());
        assertArrayEquals(new double[] {1, 0, 1}, numeric.dataset().targets().data);
        // a test file holding one of the two classes, read with the training file's classes
        LabeledData oneClass = read("x,y\n1,yes\n", binary.withClasses(d.classNames()));
        assertArrayEquals(new double[] {1}, oneClass.dataset().targets().data);
    }

    @Test
    void aBinaryColumnNeedsExactlyTwoLabels() {
        CsvOptions binary = CsvOptions.defaults().withTask(CsvOptions.Task.BINARY);
        MalformedDataException third = assertThrows(MalformedDataException.class,
                () -> read("x,y\n1,a\n2,b\n3,a\n4,c\n5,d\n", binary));
        assertEquals("t.csv line 5, column 2 ('y'): a third label 'c' after 'a' and 'b'; Task.BINARY takes two"
                + " classes", third.getMessage());
        MalformedDataException only = assertThrows(MalformedDataException.class,
                () -> read("x,y\n1,a\n2,a\n", binary));
        assertEquals("t.csv, column 2 ('y'): the only label is 'a'; Task.BINARY takes two classes (name both with"
                + " CsvOptions.withClasses)", only.getMessage());
    }

    @Test
    void labeledDataAcceptsTwoClassNamesForOneBinaryColumn() {
        Dataset d = Dataset.of(new double[][] {{1}, {2}}, new double[][] {{0}, {1}});
        LabeledData binary = new LabeledData(d, List.of("x"), List.of("no", "yes"));
        assertTrue(binary.isBinary());
        LabeledData regression = new LabeledData(d, List.of("x"), List.of());
        assertFalse(regression.isBinary() || regression.isClassification());
        IllegalArgumentException three = assertThrows(IllegalArgumentException.class,
                () -> new LabeledData(d, List.of("x"), List.of("a", "b", "c")));
        assertEquals("3 class names for targets of width 1 (need one per column, or two for one binary column)",
                three.getMessage());
    }

    @Test
    void aNumericTargetReadAsClassesIsRefusedBeforeAllocating() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i % 7).append(',').append(i * 0.5).append('\n');
        }
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> read(csv.toString(), CsvOptions.defaults()));
        assertEquals("t.csv, column 2 ('y'): 20000 distinct labels in 20000 rows are too many classes (at most"
                + " 10000, and more than 100 only with two or more rows per class on average); read the column as a"
                + " number (Task.REGRESSION) or pass the class list (CsvOptions.withClasses)", e.getMessage());
        LabeledData regression = read(csv.toString(), CsvOptions.defaults().withTask(CsvOptions.Task.REGRESSION));
        assertEquals(9999.5, regression.dataset().targets().get(19_999, 0));
    }

    @Test
    void theClassCountRuleHasClearBounds() throws IOException {
        // up to 100 classes: any number of rows per class
        assertEquals(100, read(rows(100, 100), CsvOptions.defaults()).classNames().size());
        // more than 100: at least two rows per class on average
        assertEquals(150, read(rows(300, 150), CsvOptions.defaults()).classNames().size());
        MalformedDataException few = assertThrows(MalformedDataException.class,
                () -> read(rows(201, 101), CsvOptions.defaults()));
        assertTrue(few.getMessage().contains(": 101 distinct labels in 201 rows are too many classes"),
                few.getMessage());
        // never more than 10,000
        MalformedDataException many = assertThrows(MalformedDataException.class,
                () -> read(rows(20_002, 10_001), CsvOptions.defaults()));
        assertTrue(many.getMessage().contains(": 10001 distinct labels in 20002 rows are too many classes"),
                many.getMessage());
    }

    /** {@code n} rows whose labels cycle through {@code classes} names. */
    private static String rows(int n, int classes) {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < n; i++) {
            csv.append(i).append(",c").append(i % classes).append('\n');
        }
        return csv.toString();
    }
}
