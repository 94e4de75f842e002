package io.github.matrixbackprop.plot;

import io.github.matrixbackprop.train.TrainingHistory;
import io.github.matrixbackprop.util.Checks;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws a {@link TrainingHistory} as one image of side-by-side panels against the epoch: the cost
 * (training and, if there is one, validation), the accuracy of the kind that fits the task
 * (training and validation, titled with its name, e.g. {@code hamming acc}; no panel for
 * regression), and the learning rate on a logarithmic axis when it changes during training.
 *
 * <p>Drawing needs XChart ({@value #XCHART}, Apache-2.0), an optional dependency of this library:
 * add it to the application to draw. Without it every drawing method throws an
 * {@link IllegalStateException} that names the dependency, and nothing else in the library is
 * affected; this class itself never refers to XChart, so it loads without it. Images are drawn off
 * screen, so a headless JVM ({@code -Djava.awt.headless=true}, or no display) draws them too; the
 * text needs a font, which any JDK with its {@code java.desktop} module and a system font has.
 * Thread-safe: every call draws its own charts.
 */
public final class HistoryPlot {

    /** The XChart artifact this library is built and tested with, as Maven coordinates. */
    public static final String XCHART = "org.knowm.xchart:xchart:4.0.3";

    /** The default image width in pixels. */
    public static final int DEFAULT_WIDTH = 1200;

    /** The default image height in pixels. */
    public static final int DEFAULT_HEIGHT = 450;

    /** The smallest width of one panel, and the smallest height, in pixels. */
    public static final int MIN_PANEL = 100;

    private static final String PROBE = "org.knowm.xchart.XYChart";

    private HistoryPlot() {
    }

    /**
     * Whether XChart is on the classpath of this library.
     *
     * @return {@code true} if the plots can be drawn
     */
    public static boolean isAvailable() {
        try {
            Class.forName(PROBE, false, HistoryPlot.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Requires XChart on the classpath, e.g. to fail before a long training run rather than after.
     *
     * @throws IllegalStateException naming the dependency to add if XChart is missing
     */
    public static void requireAvailable() {
        if (!isAvailable()) {
            throw new IllegalStateException("drawing the training curves needs XChart, an optional dependency that"
                    + " is not on the classpath: add " + XCHART);
        }
    }

    /**
     * The number of panels {@code history} is drawn in: 1 (cost), plus 1 if it has an accuracy,
     * plus 1 if its learning rate changes.
     *
     * @param history the history; not modified
     * @return the number of panels, 1 to 3
     * @throws NullPointerException if {@code history} is null
     */
    public static int panels(TrainingHistory history) {
        Checks.notNull(history, "history");
        int panels = 1;
        if (history.accuracyKind() != null) {
            panels++;
        }
        if (learningRateChanges(history)) {
            panels++;
        }
        return panels;
    }

    /**
     * Draws {@code history} into a new image.
     *
     * @param history the history, at least one epoch; not modified
     * @param width the image width in pixels, at least {@value #MIN_PANEL} per panel
     * @param height the image height in pixels, at least {@value #MIN_PANEL}
     * @return a new {@code width x height} RGB image
     * @throws IllegalArgumentException if the history has no epochs or the size is too small (naming it)
     * @throws IllegalStateException naming the dependency to add if XChart is missing
     * @throws NullPointerException if {@code history} is null
     */
    public static BufferedImage render(TrainingHistory history, int width, int height) {
        Checks.notNull(history, "history");
        if (history.epochs().isEmpty()) {
            throw new IllegalArgumentException("the history has no epochs to draw");
        }
        int panels = panels(history);
        if (width < MIN_PANEL * panels || height < MIN_PANEL) {
            throw new IllegalArgumentException("an image of " + width + "x" + height + " pixels is too small for "
                    + panels + " panel(s): it needs at least " + MIN_PANEL * panels + "x" + MIN_PANEL);
        }
        requireAvailable();
        return XChartCurves.render(history, width, height, learningRateChanges(history));
    }

    /**
     * Draws {@code history} as a PNG file of {@value #DEFAULT_WIDTH}x{@value #DEFAULT_HEIGHT}
     * pixels, replacing the file if it exists.
     *
     * @param history the history, at least one epoch; not modified
     * @param file the PNG file to write; its folder must exist
     * @throws IOException naming the file if it cannot be written
     * @throws IllegalArgumentException if the history has no epochs
     * @throws IllegalStateException naming the dependency to add if XChart is missing
     * @throws NullPointerException if an argument is null
     */
    public static void writePng(TrainingHistory history, Path file) throws IOException {
        writePng(history, file, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /**
     * Draws {@code history} as a PNG file of the given size, replacing the file if it exists. The
     * image is drawn before the file is opened, so a failure to draw leaves an existing file as it
     * was.
     *
     * @param history the history, at least one epoch; not modified
     * @param file the PNG file to write; its folder must exist
     * @param width the image width in pixels, at least {@value #MIN_PANEL} per panel
     * @param height the image height in pixels, at least {@value #MIN_PANEL}
     * @throws IOException naming the file if it cannot be written
     * @throws IllegalArgumentException if the history has no epochs or the size is too small
     * @throws IllegalStateException naming the dependency to add if XChart is missing
     * @throws NullPointerException if an argument is null
     */
    public static void writePng(TrainingHistory history, Path file, int width, int height) throws IOException {
        Checks.notNull(file, "file");
        BufferedImage image = render(history, width, height);
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("cannot write " + file + ": this JDK has no PNG writer");
            }
        }
    }

    private static boolean learningRateChanges(TrainingHistory history) {
        double first = history.epochs().isEmpty() ? 0 : history.epochs().get(0).learningRate();
        return history.epochs().stream().anyMatch(r -> r.learningRate() != first);
    }
}
