package io.github.matrixbackprop.data;

import java.util.List;

/**
 * A dataset with the names of its columns and, for classification, of its classes.
 *
 * @param dataset      features and targets (one-hot for classification)
 * @param featureNames one name per feature column
 * @param classNames   class {@code k} is named {@code classNames.get(k)}; empty for regression
 */
public record LabeledData(Dataset dataset, List<String> featureNames, List<String> classNames) {

    /**
     * Copies the lists and checks their sizes.
     *
     * @param dataset features and targets (one-hot for classification)
     * @param featureNames one name per feature column
     * @param classNames class {@code k} is named {@code classNames.get(k)}; empty for regression
     */
    public LabeledData {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        if (featureNames.size() != dataset.featureCount()) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + dataset.featureCount()
                    + " feature columns");
        }
        if (!classNames.isEmpty() && classNames.size() != dataset.targetWidth()) {
            throw new IllegalArgumentException(classNames.size() + " class names for targets of width "
                    + dataset.targetWidth());
        }
    }

    /**
     * Whether the targets are one-hot classes.
     *
     * @return whether {@code classNames} is not empty
     */
    public boolean isClassification() {
        return !classNames.isEmpty();
    }
}
