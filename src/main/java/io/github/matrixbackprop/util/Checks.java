package io.github.matrixbackprop.util;

import org.ejml.data.DMatrixRMaj;

/**
 * The one place that builds argument and shape error messages, so that every public entry
 * point reports bad input the same way: the value, or both shapes and their roles.
 *
 * <p>Every method throws {@link IllegalArgumentException} (or {@link NullPointerException}
 * for a missing argument) and modifies nothing.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * Returns {@code "rows x cols"} of {@code m}, e.g. {@code "4x3"}.
     *
     * @param m a matrix
     * @return its shape as text
     */
    public static String shape(DMatrixRMaj m) {
        return m.numRows + "x" + m.numCols;
    }

    /** The longest piece of input that a message quotes; longer input is cut and marked with an ellipsis. */
    public static final int MAX_QUOTED = 64;

    /**
     * Quotes a piece of the user's input for an exception message: in single quotes, cut after
     * {@link #MAX_QUOTED} characters with an ellipsis and the full length, so that a message never
     * grows with the input.
     *
     * @param text the input to quote; {@code null} gives {@code null} unquoted
     * @return {@code 'text'}, or {@code 'first 64 characters...' (N characters)}
     */
    public static String quote(CharSequence text) {
        if (text == null) {
            return "null";
        }
        if (text.length() <= MAX_QUOTED) {
            return "'" + text + "'";
        }
        return "'" + text.subSequence(0, MAX_QUOTED) + "...' (" + text.length() + " characters)";
    }

    /**
     * Requires {@code value != null}; the message names {@code role}.
     *
     * @param <T> the argument's type
     * @param value the argument to check
     * @param role what the argument is, for the message (e.g. {@code "loss"})
     * @return {@code value}
     */
    public static <T> T notNull(T value, String role) {
        if (value == null) {
            throw new NullPointerException(role + " must not be null");
        }
        return value;
    }

    /**
     * Requires a finite {@code value} (not NaN, not infinite).
     *
     * @param value the number to check
     * @param role what the number is, for the message
     * @return {@code value}
     */
    public static double finite(double value, String role) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(role + " must be finite but was " + value);
        }
        return value;
    }

    /**
     * Requires a finite {@code value > 0}.
     *
     * @param value the number to check
     * @param role what the number is, for the message
     * @return {@code value}
     */
    public static double positive(double value, String role) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(role + " must be finite and > 0 but was " + value);
        }
        return value;
    }

    /**
     * Requires a finite {@code value >= 0}.
     *
     * @param value the number to check
     * @param role what the number is, for the message
     * @return {@code value}
     */
    public static double nonNegative(double value, String role) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(role + " must be finite and >= 0 but was " + value);
        }
        return value;
    }

    /**
     * Requires {@code lo <= value < hi} (a finite value in a half-open interval).
     *
     * @param value the number to check
     * @param lo the smallest allowed value
     * @param hi the bound above the allowed values (excluded)
     * @param role what the number is, for the message
     * @return {@code value}
     */
    public static double inRange(double value, double lo, double hi, String role) {
        if (!(value >= lo && value < hi)) {
            throw new IllegalArgumentException(role + " must be in [" + lo + ", " + hi + ") but was " + value);
        }
        return value;
    }

    /**
     * Requires {@code value > 0}.
     *
     * @param value the number to check
     * @param role what the number is, for the message
     * @return {@code value}
     */
    public static int positive(int value, String role) {
        if (value <= 0) {
            throw new IllegalArgumentException(role + " must be > 0 but was " + value);
        }
        return value;
    }

    /**
     * Requires {@code m} to be {@code rows x cols}; the message names both shapes and the role.
     *
     * @param m the matrix to check; not modified
     * @param rows the required number of rows
     * @param cols the required number of columns
     * @param role what the matrix is, for the message (e.g. {@code "layer 2: W"})
     * @return {@code m}
     */
    public static DMatrixRMaj shape(DMatrixRMaj m, int rows, int cols, String role) {
        notNull(m, role);
        if (m.numRows != rows || m.numCols != cols) {
            throw new IllegalArgumentException(role + " is " + shape(m) + " but must be " + rows + "x" + cols);
        }
        return m;
    }

    /**
     * Requires a matrix with at least one row and one column.
     *
     * @param m the matrix to check; not modified
     * @param role what the matrix is, for the message
     * @return {@code m}
     */
    public static DMatrixRMaj nonEmpty(DMatrixRMaj m, String role) {
        notNull(m, role);
        if (m.numRows == 0 || m.numCols == 0) {
            throw new IllegalArgumentException(role + " is " + shape(m) + " but must not be empty");
        }
        return m;
    }

    /**
     * Requires every element of {@code m} to be finite; the message names the first bad element.
     *
     * @param m the matrix to check; not modified
     * @param role what the matrix is, for the message
     * @return {@code m}
     */
    public static DMatrixRMaj allFinite(DMatrixRMaj m, String role) {
        notNull(m, role);
        double[] d = m.data;
        int n = m.getNumElements();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(d[i])) {
                throw new IllegalArgumentException(role + " has the non-finite value " + d[i] + " at row "
                        + (i / m.numCols) + ", column " + (i % m.numCols));
            }
        }
        return m;
    }

    /**
     * Copies rows of equal length into a new matrix, with the library's own messages for what
     * EJML would reject with its own: a null array, a null row, rows of different lengths.
     *
     * @param rows {@code rows[r][c]} is element {@code (r, c)}; not modified
     * @param role how messages name the matrix, e.g. {@code "features"}
     * @return a new {@code rows.length x rows[0].length} matrix
     * @throws NullPointerException naming the role (and the row) if the array or a row is null
     * @throws IllegalArgumentException naming the role and the row if the rows are ragged or there are none
     */
    public static DMatrixRMaj matrix(double[][] rows, String role) {
        notNull(rows, role);
        if (rows.length == 0) {
            throw new IllegalArgumentException(role + " has 0 rows but must have at least 1");
        }
        for (int r = 0; r < rows.length; r++) {
            notNull(rows[r], role + " row " + r);
            if (rows[r].length != rows[0].length) {
                throw new IllegalArgumentException(role + " row " + r + " has " + rows[r].length
                        + " numbers but row 0 has " + rows[0].length);
            }
        }
        return new DMatrixRMaj(rows);
    }

    /**
     * Throws the standard message for two matrices whose shapes do not fit together.
     *
     * @param context prefix of the message, e.g. {@code "layer 2: "}; may be empty
     * @param roleA the role of the first matrix, e.g. {@code "W"}
     * @param a the first matrix
     * @param roleB the role of the second matrix, e.g. {@code "a^1"}
     * @param b the second matrix
     * @param why the rule the shapes break, in parentheses after the shapes; empty for none
     * @return the exception, for the caller to throw
     */
    public static IllegalArgumentException mismatch(String context, String roleA, DMatrixRMaj a, String roleB,
                                                    DMatrixRMaj b, String why) {
        return new IllegalArgumentException(context + roleA + " is " + shape(a) + " but " + roleB + " is "
                + shape(b) + (why.isEmpty() ? "" : " (" + why + ")"));
    }
}
