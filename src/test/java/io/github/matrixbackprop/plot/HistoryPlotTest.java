package io.github.matrixbackprop.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.train.AccuracyKind;
import io.github.matrixbackprop.train.EpochReport;
import io.github.matrixbackprop.train.TrainingHistory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryPlotTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** A plausible run: falling costs, rising accuracy, a rate halved every 4 epochs. */
    static TrainingHistory history(int epochs, AccuracyKind kind, boolean validation) {
        List<EpochReport> reports = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            double cost = 1.0 / e + 0.05;
            double acc = kind == null ? Double.NaN : 1 - 0.5 / e;
            reports.add(new EpochReport(e, epochs, cost, validation ? cost * 1.2 : Double.NaN, acc,
                    validation ? acc - 0.03 : Double.NaN, kind, 0.01 * Math.pow(0.5, (e - 1) / 4),
                    Duration.ofSeconds(e), Duration.ofSeconds(1), 1000, Duration.ofSeconds(epochs - e)));
        }
        return new TrainingHistory(reports, kind);
    }

    @Test
    void rendersAPngWithCurvesHeadless(@TempDir Path dir) throws IOException {
        TrainingHistory h = history(20, AccuracyKind.HAMMING, true);
        assertEquals(3, HistoryPlot.panels(h));
        Path file = dir.resolve("curves.png");
        HistoryPlot.writePng(h, file, 900, 360);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(360, image.getHeight());
        int background = image.getRGB(0, 0);
        Set<Integer> colours = new HashSet<>();
        int drawn = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                colours.add(rgb);
                drawn += rgb != background ? 1 : 0;
            }
        }
        assertTrue(colours.size() > 50, "distinct colours: " + colours.size());
        assertTrue(drawn > image.getWidth() * image.getHeight() / 50, "pixels not of the background: " + drawn);
        // every third of the image holds a panel
        for (int p = 0; p < 3; p++) {
            assertTrue(distinct(image, p * 300, (p + 1) * 300) > 20, "panel " + p);
        }
    }

    @Test
    void regressionHasOnlyTheCostPanelAndOneEpochDraws() {
        TrainingHistory h = history(1, null, false);
        assertEquals(1, HistoryPlot.panels(h));
        BufferedImage image = HistoryPlot.render(h, 400, 300);
        assertTrue(distinct(image, 0, 400) > 20);
        assertEquals(2, HistoryPlot.panels(history(3, AccuracyKind.BINARY, false)));
    }

    @Test
    void badArgumentsAreNamed(@TempDir Path dir) throws IOException {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> HistoryPlot.render(new TrainingHistory(List.of(), null), 400, 300));
        assertEquals("the history has no epochs to draw", empty.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> HistoryPlot.render(history(20, AccuracyKind.CLASS, true), 250, 300));
        assertEquals("an image of 250x300 pixels is too small for 3 panel(s): it needs at least 300x100",
                small.getMessage());
        Path existing = dir.resolve("kept.png");
        Files.writeString(existing, "old");
        assertThrows(IllegalArgumentException.class,
                () -> HistoryPlot.writePng(new TrainingHistory(List.of(), null), existing));
        assertEquals("old", Files.readString(existing), "a failed drawing leaves the file as it was");
    }

    @Test
    void withoutXChartTheErrorNamesTheDependency() throws Exception {
        assertTrue(HistoryPlot.isAvailable());
        HistoryPlot.requireAvailable();
        // this library's classes alone, without XChart: a loader that does not delegate to the test's
        URL classes = HistoryPlot.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader bare = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> plot = Class.forName(HistoryPlot.class.getName(), true, bare);
            assertFalse((Boolean) plot.getMethod("isAvailable").invoke(null));
            Method require = plot.getMethod("requireAvailable");
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> require.invoke(null));
            assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
            assertEquals("drawing the training curves needs XChart, an optional dependency that is not on the"
                    + " classpath: add org.knowm.xchart:xchart:4.0.3", e.getCause().getMessage());
        }
    }

    @Test
    void theNamedVersionIsThePomsOptionalDependency() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<groupId>org\\.knowm\\.xchart</groupId>\\s*<artifactId>xchart</artifactId>\\s*"
                + "<version>\\$\\{xchart\\.version}</version>\\s*<optional>true</optional>").matcher(pom);
        assertTrue(m.find(), "pom.xml declares xchart with ${xchart.version}, optional");
        Matcher v = Pattern.compile("<xchart\\.version>([^<]+)</xchart\\.version>").matcher(pom);
        assertTrue(v.find(), "pom.xml has the property xchart.version");
        assertEquals("org.knowm.xchart:xchart:" + v.group(1), HistoryPlot.XCHART);
    }

    /** Distinct colours in the columns {@code [from, to)}. */
    private static int distinct(BufferedImage image, int from, int to) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = from; x < to; x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
