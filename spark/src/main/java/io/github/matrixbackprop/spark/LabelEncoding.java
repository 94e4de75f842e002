package io.github.matrixbackprop.spark;

import io.github.matrixbackprop.loss.Loss;

/** How the label column becomes the target rows {@code y} ({@code m x n_L}) the loss compares with. */
enum LabelEncoding {

    /**
     * A class index {@code k} (a whole number, stored as any numeric type): with {@code n_L >= 2}
     * outputs the one-hot row {@code e_k}, {@code k = 0..n_L-1}; with one (sigmoid) output the label
     * itself, {@code 0} or {@code 1}.
     */
    CLASS_INDEX,

    /** A number: the target of the network's one output ({@code n_L = 1}), for regression. */
    VALUE,

    /** A vector of {@code n_L} numbers taken as the target row, for any loss (e.g. soft class labels). */
    VECTOR;

    /**
     * The encoding of a label column: vectors are target rows; numbers are class indices for
     * the classification losses ({@code softmax_cross_entropy}, {@code binary_cross_entropy}) and
     * values otherwise.
     */
    static LabelEncoding of(Loss loss, boolean vectorLabels) {
        if (vectorLabels) {
            return VECTOR;
        }
        return isClassification(loss) ? CLASS_INDEX : VALUE;
    }

    /** Whether {@code loss} is one of the classification losses. */
    static boolean isClassification(Loss loss) {
        return loss.name().equals("softmax_cross_entropy") || loss.name().equals("binary_cross_entropy");
    }
}
