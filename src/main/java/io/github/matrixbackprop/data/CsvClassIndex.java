package io.github.matrixbackprop.data;

import java.util.Arrays;
import java.util.List;

/**
 * Finds the class of a label among class names, from a range of characters and without
 * allocating: a label is class {@code k} when it has the text of name {@code k}, or when both are
 * decimal numbers of the same value ({@code 1.0} is class {@code 1}, {@code -0} class {@code 0}).
 * Not thread-safe.
 */
final class CsvClassIndex {

    private final CsvLabels text = new CsvLabels();
    private final int[] classOfText;
    /** The finite values of the numeric names, ascending, and their classes. */
    private final double[] values;
    private final int[] classOfValue;

    /**
     * An index of the names, which must differ as text and as numbers (as {@link CsvOptions}
     * requires of a class list).
     *
     * @param names class {@code k} is named {@code names.get(k)}
     */
    CsvClassIndex(List<String> names) {
        classOfText = new int[names.size()];
        double[] v = new double[names.size()];
        int numeric = 0;
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            classOfText[text.intern(name.toCharArray(), 0, name.length(), 0)] = k;
            double value = DecimalText.finiteValue(name);
            if (!Double.isNaN(value)) {
                v[numeric++] = value;
            }
        }
        values = Arrays.copyOf(v, numeric);
        Arrays.sort(values);
        classOfValue = new int[numeric];
        for (int k = 0; k < names.size(); k++) {
            double value = DecimalText.finiteValue(names.get(k));
            if (!Double.isNaN(value)) {
                classOfValue[Arrays.binarySearch(values, value)] = k;
            }
        }
    }

    /**
     * The class of the label {@code chars[from..to)} (stripped).
     *
     * @param chars the characters
     * @param from the first character of the label
     * @param to the position after the last one
     * @return its class, or -1 if it is none of the names
     */
    int classOf(char[] chars, int from, int to) {
        int j = text.find(chars, from, to);
        if (j >= 0) {
            return classOfText[j];
        }
        if (values.length == 0) {
            return -1;
        }
        double v = DecimalText.parse(chars, from, to);
        if (!Double.isFinite(v)) {
            return -1;
        }
        int at = Arrays.binarySearch(values, v + 0.0);
        return at >= 0 ? classOfValue[at] : -1;
    }
}
