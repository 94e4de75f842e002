package io.github.matrixbackprop.train;

import io.github.matrixbackprop.util.Checks;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Precision, recall and F1 per class, with their averages, from the counts of
 * {@link Metrics#precisionRecallF1}. For class {@code k} with {@code TP_k} true positives,
 * {@code FP_k} false positives and {@code FN_k} false negatives:
 * <pre>
 *   P_k = TP_k / (TP_k + FP_k)     R_k = TP_k / (TP_k + FN_k)     F1_k = 2 P_k R_k / (P_k + R_k)
 *   support_k = TP_k + FN_k        (the samples whose target is class k)
 * </pre>
 *
 * <p>Zero division: a ratio whose denominator is 0 is 0, i.e. {@code P_k = 0} for a class never
 * predicted, {@code R_k = 0} for a class without samples, {@code F1_k = 0} when
 * {@code P_k + R_k = 0}, and a weighted average over a total support of 0 is 0. This is
 * scikit-learn's default value ({@code zero_division="warn"} gives 0 with a warning); nothing is
 * printed here.
 *
 * <p>Averages over the {@code n} classes of the report, every class included, also one without
 * samples (scikit-learn's with {@code labels=range(n)}): macro {@code (1/n) sum_k P_k} (likewise
 * for R and F1); weighted {@code sum_k support_k P_k / sum_k support_k}; micro, from the summed
 * counts, {@code sum TP / (sum TP + sum FP)} and so on. For single-label classes every sample is
 * counted once as a true positive or once as both a false positive and a false negative, so the
 * micro averages all equal the {@link #accuracy() accuracy}.
 *
 * @param classes    the counts of class (or, for multi-label outputs, unit) {@code k} at index
 *     {@code k}; at least one
 * @param multiLabel whether the classes are independent yes/no units (several sigmoid outputs), not
 *     one class per sample
 */
public record ClassificationReport(List<Counts> classes, boolean multiLabel) {

    /**
     * The counts of one class.
     *
     * @param truePositives  samples of this class predicted as this class, {@code TP >= 0}
     * @param falsePositives samples of another class predicted as this class, {@code FP >= 0}
     * @param falseNegatives samples of this class predicted as another class, {@code FN >= 0}
     */
    public record Counts(long truePositives, long falsePositives, long falseNegatives) {

        /**
         * Checks the counts.
         *
         * @param truePositives samples of this class predicted as this class, {@code TP >= 0}
         * @param falsePositives samples of another class predicted as this class, {@code FP >= 0}
         * @param falseNegatives samples of this class predicted as another class, {@code FN >= 0}
         * @throws IllegalArgumentException naming a negative count
         */
        public Counts {
            nonNegative(truePositives, "true positives");
            nonNegative(falsePositives, "false positives");
            nonNegative(falseNegatives, "false negatives");
        }

        /**
         * {@code P = TP / (TP + FP)}, 0 if the class was never predicted.
         *
         * @return the precision, in {@code [0, 1]}
         */
        public double precision() {
            return ratio(truePositives, truePositives + falsePositives);
        }

        /**
         * {@code R = TP / (TP + FN)}, 0 if the class has no samples.
         *
         * @return the recall, in {@code [0, 1]}
         */
        public double recall() {
            return ratio(truePositives, truePositives + falseNegatives);
        }

        /**
         * {@code F1 = 2 P R / (P + R)}, 0 if {@code P + R = 0}.
         *
         * @return the F1 score, in {@code [0, 1]}
         */
        public double f1() {
            return harmonic(precision(), recall());
        }

        /**
         * {@code TP + FN}: the samples whose target is this class.
         *
         * @return the support
         */
        public long support() {
            return truePositives + falseNegatives;
        }
    }

    /**
     * Copies and checks the list.
     *
     * @param classes the counts of class (or unit) {@code k} at index {@code k}; at least one
     * @param multiLabel whether the classes are independent yes/no units
     * @throws NullPointerException if the list or an entry is null
     * @throws IllegalArgumentException if the list is empty
     */
    public ClassificationReport {
        classes = List.copyOf(Checks.notNull(classes, "classes"));
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("a classification report needs at least one class but got none");
        }
    }

    /**
     * The counts of class {@code k}.
     *
     * @param k the class, in {@code [0, n)}
     * @return its counts
     * @throws IndexOutOfBoundsException if {@code k} is not a class of the report
     */
    public Counts counts(int k) {
        return classes.get(k);
    }

    /**
     * {@code P_k}.
     *
     * @param k the class, in {@code [0, n)}
     * @return the precision of class {@code k}
     * @throws IndexOutOfBoundsException if {@code k} is not a class of the report
     */
    public double precision(int k) {
        return counts(k).precision();
    }

    /**
     * {@code R_k}.
     *
     * @param k the class, in {@code [0, n)}
     * @return the recall of class {@code k}
     * @throws IndexOutOfBoundsException if {@code k} is not a class of the report
     */
    public double recall(int k) {
        return counts(k).recall();
    }

    /**
     * {@code F1_k}.
     *
     * @param k the class, in {@code [0, n)}
     * @return the F1 score of class {@code k}
     * @throws IndexOutOfBoundsException if {@code k} is not a class of the report
     */
    public double f1(int k) {
        return counts(k).f1();
    }

    /**
     * {@code support_k = TP_k + FN_k}.
     *
     * @param k the class, in {@code [0, n)}
     * @return the number of samples of class {@code k}
     * @throws IndexOutOfBoundsException if {@code k} is not a class of the report
     */
    public long support(int k) {
        return counts(k).support();
    }

    /**
     * {@code sum_k support_k}: the number of samples for single-label classes, the number of
     * positive targets for multi-label units.
     *
     * @return the total support
     */
    public long totalSupport() {
        long s = 0;
        for (Counts c : classes) {
            s += c.support();
        }
        return s;
    }

    /**
     * {@code (1/n) sum_k P_k}.
     *
     * @return the macro-averaged precision
     */
    public double macroPrecision() {
        return macro(Counts::precision);
    }

    /**
     * {@code (1/n) sum_k R_k}.
     *
     * @return the macro-averaged recall
     */
    public double macroRecall() {
        return macro(Counts::recall);
    }

    /**
     * {@code (1/n) sum_k F1_k} (the mean of the per-class F1 scores, not the F1 of the macro
     * precision and recall).
     *
     * @return the macro-averaged F1 score
     */
    public double macroF1() {
        return macro(Counts::f1);
    }

    /**
     * {@code sum_k support_k P_k / sum_k support_k}, 0 if the total support is 0.
     *
     * @return the support-weighted precision
     */
    public double weightedPrecision() {
        return weighted(Counts::precision);
    }

    /**
     * {@code sum_k support_k R_k / sum_k support_k}, 0 if the total support is 0.
     *
     * @return the support-weighted recall
     */
    public double weightedRecall() {
        return weighted(Counts::recall);
    }

    /**
     * {@code sum_k support_k F1_k / sum_k support_k}, 0 if the total support is 0.
     *
     * @return the support-weighted F1 score
     */
    public double weightedF1() {
        return weighted(Counts::f1);
    }

    /**
     * The precision of the summed counts, {@code sum TP / (sum TP + sum FP)}, 0 if nothing was
     * predicted.
     *
     * @return the micro-averaged precision
     */
    public double microPrecision() {
        return total().precision();
    }

    /**
     * The recall of the summed counts, {@code sum TP / (sum TP + sum FN)}, 0 if the total support
     * is 0.
     *
     * @return the micro-averaged recall
     */
    public double microRecall() {
        return total().recall();
    }

    /**
     * {@code 2 P R / (P + R)} of the micro-averaged precision and recall, 0 if both are 0.
     *
     * @return the micro-averaged F1 score
     */
    public double microF1() {
        return total().f1();
    }

    /**
     * Single-label accuracy, {@code sum_k TP_k / sum_k support_k}: the fraction of samples whose
     * predicted class is right.
     *
     * @return the accuracy, in {@code [0, 1]}; 0 for a report without samples
     * @throws IllegalStateException for a multi-label report, whose counts do not determine an accuracy
     *     (use {@link Metrics#hammingAccuracy} or {@link Metrics#subsetAccuracy})
     */
    public double accuracy() {
        if (multiLabel) {
            throw new IllegalStateException("a multi-label report has no accuracy: use Metrics.hammingAccuracy"
                    + " or Metrics.subsetAccuracy on the predictions");
        }
        return microRecall();
    }

    /**
     * The report as a table with the classes numbered 0 to {@code n - 1}; see
     * {@link #table(List)}.
     *
     * @return the table
     */
    @Override
    public String toString() {
        return table(null);
    }

    /**
     * The report as a table in the layout of scikit-learn's {@code classification_report}, values
     * with 4 decimals: one row per class (precision, recall, F1, support), then, for single-label
     * classes, the accuracy, for multi-label units the micro averages, then the macro and the
     * weighted averages, e.g.
     * <pre>
     *               precision    recall  f1-score   support
     *
     *       setosa     0.5000    1.0000    0.6667         1
     *   versicolor     1.0000    0.5000    0.6667         2
     *    virginica     0.0000    0.0000    0.0000         1
     *
     *     accuracy                         0.5000         4
     *    macro avg     0.5000    0.5000    0.4444         4
     * weighted avg     0.6250    0.5000    0.5000         4
     * </pre>
     *
     * @param classNames the name of class {@code k} at index {@code k}, or {@code null} to number them
     * @return the table, lines ending with the platform's line separator
     * @throws IllegalArgumentException if {@code classNames} is not null and its size is not the number of
     *     classes
     */
    public String table(List<String> classNames) {
        if (classNames != null && classNames.size() != classes.size()) {
            throw new IllegalArgumentException(classNames.size() + " class names for a report of "
                    + classes.size() + " classes");
        }
        int width = "weighted avg".length();
        for (int k = 0; k < classes.size(); k++) {
            width = Math.max(width, name(classNames, k).length());
        }
        String nl = System.lineSeparator();
        String numbers = "%" + width + "s  %9.4f %9.4f %9.4f %9d" + nl;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%" + width + "s  %9s %9s %9s %9s",
                "", "precision", "recall", "f1-score", "support")).append(nl).append(nl);
        for (int k = 0; k < classes.size(); k++) {
            Counts c = classes.get(k);
            sb.append(String.format(Locale.ROOT, numbers, name(classNames, k), c.precision(), c.recall(), c.f1(),
                    c.support()));
        }
        sb.append(nl);
        long support = totalSupport();
        if (multiLabel) {
            sb.append(String.format(Locale.ROOT, numbers, "micro avg", microPrecision(), microRecall(), microF1(),
                    support));
        } else {
            sb.append(String.format(Locale.ROOT, "%" + width + "s  %9s %9s %9.4f %9d" + nl, "accuracy", "", "",
                    accuracy(), support));
        }
        sb.append(String.format(Locale.ROOT, numbers, "macro avg", macroPrecision(), macroRecall(), macroF1(),
                support));
        sb.append(String.format(Locale.ROOT, numbers, "weighted avg", weightedPrecision(), weightedRecall(),
                weightedF1(), support));
        return sb.toString();
    }

    private static String name(List<String> classNames, int k) {
        return classNames == null ? String.valueOf(k) : classNames.get(k);
    }

    private Counts total() {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (Counts c : classes) {
            tp += c.truePositives();
            fp += c.falsePositives();
            fn += c.falseNegatives();
        }
        return new Counts(tp, fp, fn);
    }

    private double macro(ToDoubleFunction<Counts> metric) {
        double sum = 0;
        for (Counts c : classes) {
            sum += metric.applyAsDouble(c);
        }
        return sum / classes.size();
    }

    private double weighted(ToDoubleFunction<Counts> metric) {
        double sum = 0;
        for (Counts c : classes) {
            sum += c.support() * metric.applyAsDouble(c);
        }
        long support = totalSupport();
        return support == 0 ? 0.0 : sum / support;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : numerator / (double) denominator;
    }

    /** {@code 2 p r / (p + r)}, 0 when {@code p + r = 0}. */
    static double harmonic(double p, double r) {
        double sum = p + r;
        return sum == 0 ? 0.0 : 2 * p * r / sum;
    }

    private static void nonNegative(long count, String role) {
        if (count < 0) {
            throw new IllegalArgumentException(role + " must be >= 0 but was " + count);
        }
    }
}
