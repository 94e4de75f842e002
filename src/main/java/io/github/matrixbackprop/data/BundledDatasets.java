package io.github.matrixbackprop.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Two small classification datasets shipped inside the jar (provenance, checksums and licence
 * in {@code docs/datasets.md}): Fisher's Iris (150 samples, 4 features, 3 classes) and the UCI
 * optical-recognition 8x8 handwritten digits (1797 samples, 64 features with values 0..16, 10
 * classes). Each call reads them anew.
 */
public final class BundledDatasets {

    private static final String BASE = "/io/github/matrixbackprop/data/";

    private BundledDatasets() {
    }

    /**
     * Iris: sepal and petal lengths and widths in cm; classes setosa, versicolor, virginica.
     *
     * @return the 150 Iris samples with their feature and class names
     */
    public static LabeledData iris() {
        try (BufferedReader in = open("iris.csv", false)) {
            // the first line is "count,features,class names..."
            String[] head = in.readLine().split(",");
            List<String> classes = List.of(head).subList(2, head.length);
            LabeledData raw = CsvReader.read(in, CsvOptions.defaults().withHeader(false), "iris.csv");
            return new LabeledData(raw.dataset(),
                    List.of("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"),
                    classes);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled iris.csv cannot be read", e);
        }
    }

    /**
     * Digits: 8x8 images of handwritten digits, pixel counts 0..16 row by row; classes 0..9.
     *
     * @return the 1,797 digit images with their feature and class names
     */
    public static LabeledData digits() {
        try (BufferedReader in = open("digits.csv.gz", true)) {
            LabeledData raw = CsvReader.read(in, CsvOptions.defaults().withHeader(false), "digits.csv.gz");
            List<String> names = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    names.add("pixel_" + r + "_" + c);
                }
            }
            return new LabeledData(raw.dataset(), names, raw.classNames());
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled digits.csv.gz cannot be read", e);
        }
    }

    private static BufferedReader open(String name, boolean gzip) throws IOException {
        InputStream in = BundledDatasets.class.getResourceAsStream(BASE + name);
        if (in == null) {
            throw new IOException("resource " + BASE + name + " is missing from the jar");
        }
        return new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8));
    }
}
