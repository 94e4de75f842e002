package io.github.matrixbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The classification metrics against scikit-learn's values for fixed inputs, to 1e-12:
 * {@code src/test/resources/metrics/sklearn-references.json}, written by
 * {@code src/test/python/make_metric_references.py} (never run by the tests).
 */
class MetricsReferenceTest {

    private static final double TOL = 1e-12;

    private static JsonNode references() throws IOException {
        try (InputStream in = MetricsReferenceTest.class.getResourceAsStream("/metrics/sklearn-references.json")) {
            if (in == null) {
                throw new AssertionError("no src/test/resources/metrics/sklearn-references.json");
            }
            return new ObjectMapper().readTree(in);
        }
    }

    @TestFactory
    Stream<DynamicTest> classificationCases() throws IOException {
        JsonNode cases = references().get("cases");
        assertTrue(cases.size() >= 6, "reference cases: " + cases.size());
        return Stream.of(iterable(cases)).map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
    }

    @TestFactory
    Stream<DynamicTest> rocAucCases() throws IOException {
        JsonNode cases = references().get("roc_auc");
        assertTrue(cases.size() >= 6, "ROC AUC cases: " + cases.size());
        return Stream.of(iterable(cases)).map(c -> DynamicTest.dynamicTest("roc_auc " + c.get("name").asText(), () -> {
            DMatrixRMaj scores = column(c.get("scores"));
            DMatrixRMaj labels = column(c.get("labels"));
            assertEquals(c.get("roc_auc").asDouble(), Metrics.rocAuc(scores, labels), TOL);
        }));
    }

    private static void check(JsonNode c) {
        DMatrixRMaj p = matrix(c.get("predictions"));
        DMatrixRMaj y = matrix(c.get("targets"));
        boolean multi = c.get("kind").asText().equals("multi");
        AccuracyKind kind = multi ? AccuracyKind.HAMMING : p.numCols == 1 ? AccuracyKind.BINARY : AccuracyKind.CLASS;
        ClassificationReport r = Metrics.precisionRecallF1(p, y, kind);
        String name = c.get("name").asText();
        assertEquals(multi, r.multiLabel());
        assertEquals(c.get("precision").size(), r.classes().size(), name + ": classes");
        for (int k = 0; k < r.classes().size(); k++) {
            assertEquals(c.get("precision").get(k).asDouble(), r.precision(k), TOL, name + " precision " + k);
            assertEquals(c.get("recall").get(k).asDouble(), r.recall(k), TOL, name + " recall " + k);
            assertEquals(c.get("f1").get(k).asDouble(), r.f1(k), TOL, name + " f1 " + k);
            assertEquals(c.get("support").get(k).asLong(), r.support(k), name + " support " + k);
        }
        JsonNode macro = c.get("macro");
        assertEquals(macro.get("precision").asDouble(), r.macroPrecision(), TOL, name + " macro precision");
        assertEquals(macro.get("recall").asDouble(), r.macroRecall(), TOL, name + " macro recall");
        assertEquals(macro.get("f1").asDouble(), r.macroF1(), TOL, name + " macro f1");
        JsonNode weighted = c.get("weighted");
        assertEquals(weighted.get("precision").asDouble(), r.weightedPrecision(), TOL, name + " weighted precision");
        assertEquals(weighted.get("recall").asDouble(), r.weightedRecall(), TOL, name + " weighted recall");
        assertEquals(weighted.get("f1").asDouble(), r.weightedF1(), TOL, name + " weighted f1");
        JsonNode micro = c.get("micro");
        assertEquals(micro.get("precision").asDouble(), r.microPrecision(), TOL, name + " micro precision");
        assertEquals(micro.get("recall").asDouble(), r.microRecall(), TOL, name + " micro recall");
        assertEquals(micro.get("f1").asDouble(), r.microF1(), TOL, name + " micro f1");
        if (multi) {
            assertEquals(c.get("hamming_accuracy").asDouble(), Metrics.hammingAccuracy(p, y), TOL, name + " hamming");
            assertEquals(c.get("subset_accuracy").asDouble(), Metrics.subsetAccuracy(p, y), TOL, name + " subset");
        } else {
            double accuracy = c.get("accuracy").asDouble();
            assertEquals(accuracy, Metrics.accuracy(p, y), TOL, name + " accuracy");
            assertEquals(accuracy, Metrics.accuracy(p, y, kind), TOL, name + " accuracy of its kind");
            assertEquals(accuracy, r.accuracy(), TOL, name + " report accuracy");
        }
        if (c.has("roc_auc")) {
            assertEquals(c.get("roc_auc").asDouble(), Metrics.rocAuc(p, y), TOL, name + " roc auc");
        }
    }

    private static JsonNode[] iterable(JsonNode array) {
        JsonNode[] out = new JsonNode[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i);
        }
        return out;
    }

    private static DMatrixRMaj matrix(JsonNode rows) {
        double[][] a = new double[rows.size()][];
        for (int i = 0; i < a.length; i++) {
            a[i] = new double[rows.get(i).size()];
            for (int j = 0; j < a[i].length; j++) {
                a[i][j] = rows.get(i).get(j).asDouble();
            }
        }
        return new DMatrixRMaj(a);
    }

    private static DMatrixRMaj column(JsonNode values) {
        DMatrixRMaj m = new DMatrixRMaj(values.size(), 1);
        for (int i = 0; i < values.size(); i++) {
            m.data[i] = values.get(i).asDouble();
        }
        return m;
    }
}
