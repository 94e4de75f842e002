package io.github.matrixbackprop.data;

import java.util.Arrays;

/**
 * The distinct labels of a CSV target column, each kept once as a string with the line where it
 * first appears, looked up from a range of characters without making a string per row (open
 * addressing over the labels' hash codes). Label {@code j} is the {@code j}-th distinct label in
 * the order of first appearance. Not thread-safe.
 */
final class CsvLabels {

    private String[] labels = new String[16];
    private int[] lines = new int[16];
    /** Slot to label index + 1 (0: empty); its length is a power of two, at most half full. */
    private int[] slots = new int[64];
    private int size;

    /**
     * The index of the label {@code chars[from..to)}, added as a new label first seen on
     * {@code line} if it is new.
     *
     * @param chars the characters
     * @param from the first character of the label
     * @param to the position after the last one
     * @param line the line of the row, kept for a new label
     * @return the label's index, from 0 in the order of first appearance
     */
    int intern(char[] chars, int from, int to, int line) {
        int found = find(chars, from, to);
        if (found >= 0) {
            return found;
        }
        if (size == labels.length) {
            labels = Arrays.copyOf(labels, 2 * size);
            lines = Arrays.copyOf(lines, 2 * size);
        }
        labels[size] = new String(chars, from, to - from);
        lines[size] = line;
        size++;
        if (2 * size > slots.length) {
            slots = new int[2 * slots.length];
            for (int j = 0; j < size; j++) {
                place(j);
            }
        } else {
            place(size - 1);
        }
        return size - 1;
    }

    /**
     * The index of the label {@code chars[from..to)}, if it is known.
     *
     * @param chars the characters
     * @param from the first character of the label
     * @param to the position after the last one
     * @return the label's index, or -1
     */
    int find(char[] chars, int from, int to) {
        int mask = slots.length - 1;
        for (int s = hash(chars, from, to) & mask; ; s = (s + 1) & mask) {
            int j = slots[s] - 1;
            if (j < 0 || equal(labels[j], chars, from, to)) {
                return j;
            }
        }
    }

    /**
     * The number of distinct labels.
     *
     * @return how many labels were interned
     */
    int size() {
        return size;
    }

    /**
     * Label {@code j}.
     *
     * @param j the label's index
     * @return its text
     */
    String label(int j) {
        return labels[j];
    }

    /**
     * The line where label {@code j} first appears.
     *
     * @param j the label's index
     * @return a line number from 1
     */
    int line(int j) {
        return lines[j];
    }

    private void place(int j) {
        String s = labels[j];
        int mask = slots.length - 1;
        int slot = hash(s) & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = j + 1;
    }

    private static int hash(char[] chars, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + chars[i];
        }
        return h ^ (h >>> 16);
    }

    private static int hash(String s) {
        int h = s.hashCode(); // the same polynomial as over the characters
        return h ^ (h >>> 16);
    }

    private static boolean equal(String s, char[] chars, int from, int to) {
        if (s.length() != to - from) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != chars[from + i]) {
                return false;
            }
        }
        return true;
    }
}
