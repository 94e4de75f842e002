package io.github.matrixbackprop.data;

import java.util.List;

/**
 * A dataset with the names of its columns and, for classification, of its classes.
 *
 * <p>Classification targets are one-hot, one column per class; binary targets are one column
 * of 0 and 1 for two classes ({@code classNames.get(0)} is 0, {@code classNames.get(1)} is 1).
 *
 * @param dataset      features and targets (one-hot for classification, one 0/1 column for binary
 *                     targets)
 * @param featureNames one name per feature column
 * @param classNames   class {@code k} is named {@code classNames.get(k)}: one name per target column, or two
 *                     names for a single binary target column; empty for regression
 */
public record LabeledData(Dataset dataset, List<String> featureNames, List<String> classNames) {

    /**
     * Copies the lists and checks their sizes.
     *
     * @param dataset features and targets (one-hot for classification, one 0/1 column for binary targets)
     * @param featureNames one name per feature column
     * @param classNames class {@code k} is named {@code classNames.get(k)}: one name per target column, or two
     *     names for a single binary target column; empty for regression
     * @throws IllegalArgumentException if the number of feature names is not the number of features, or the
     *     number of class names fits neither the target width nor a binary target
     */
    public LabeledData {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        if (featureNames.size() != dataset.featureCount()) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + dataset.featureCount()
                    + " feature columns");
        }
        boolean binary = classNames.size() == 2 && dataset.targetWidth() == 1;
        if (!classNames.isEmpty() && classNames.size() != dataset.targetWidth() && !binary) {
            throw new IllegalArgumentException(classNames.size() + " class names for targets of width "
                    + dataset.targetWidth() + " (need one per column, or two for one binary column)");
        }
    }

    /**
     * Whether the targets are classes (one-hot, or one binary column).
     *
     * @return whether {@code classNames} is not empty
     */
    public boolean isClassification() {
        return !classNames.isEmpty();
    }

    /**
     * Whether the targets are two classes in one column of 0 and 1.
     *
     * @return whether there are two class names and one target column
     */
    public boolean isBinary() {
        return classNames.size() == 2 && dataset.targetWidth() == 1;
    }
}
