package io.github.matrixbackprop.plot;

import io.github.matrixbackprop.train.EpochReport;
import io.github.matrixbackprop.train.TrainingHistory;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The charts of {@link HistoryPlot}, drawn with XChart: the only class that refers to XChart, loaded
 * only after {@link HistoryPlot#requireAvailable()} has found it.
 */
final class XChartCurves {

    private XChartCurves() {
    }

    /** Cost, accuracy (if the history has one) and learning rate (if asked) side by side. */
    static BufferedImage render(TrainingHistory history, int width, int height, boolean learningRate) {
        List<XYChart> charts = new ArrayList<>();
        boolean validation = history.hasValidation();
        charts.add(chart(history, "cost", "cost", validation, EpochReport::trainCost, EpochReport::validationCost));
        if (history.accuracyKind() != null) {
            String name = history.metricName();
            XYChart accuracy = chart(history, name.replace("acc", "accuracy"), name, validation, EpochReport::trainAccuracy,
                    EpochReport::validationAccuracy);
            accuracy.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE); // accuracy rises to the top
            charts.add(accuracy);
        }
        if (learningRate) {
            XYChart lr = chart(history, "learning rate", "learning rate", false, EpochReport::learningRate, null);
            lr.getStyler().setYAxisLogarithmic(history.epochs().stream().allMatch(r -> r.learningRate() > 0));
            lr.getStyler().setLegendVisible(false);
            charts.add(lr);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int x = 0;
            for (int i = 0; i < charts.size(); i++) {
                int w = (width - x) / (charts.size() - i);
                XYChart c = charts.get(i);
                c.getStyler().setChartBackgroundColor(Color.WHITE);
                BufferedImage panel = new BufferedImage(w, height, BufferedImage.TYPE_INT_RGB);
                Graphics2D pg = panel.createGraphics();
                try {
                    c.paint(pg, w, height);
                } finally {
                    pg.dispose();
                }
                g.drawImage(panel, x, 0, null);
                x += w;
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** One panel: the training values (and the validation values) of every epoch that has them. */
    private static XYChart chart(TrainingHistory history, String title, String axis, boolean validation,
                                 ToDoubleFunction<EpochReport> train, ToDoubleFunction<EpochReport> val) {
        XYChart chart = new XYChartBuilder().width(400).height(300).title(title).xAxisTitle("epoch")
                .yAxisTitle(axis).build();
        Styler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setMarkerSize(history.epochs().size() > 60 ? 0 : 5);
        s.setAntiAlias(true);
        chart.getStyler().setXAxisDecimalPattern("#");
        series(chart, "training", history, train);
        if (validation && val != null) {
            series(chart, "validation", history, val);
        }
        return chart;
    }

    private static void series(XYChart chart, String name, TrainingHistory history, ToDoubleFunction<EpochReport> f) {
        List<Integer> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (EpochReport r : history.epochs()) {
            double v = f.applyAsDouble(r);
            if (Double.isFinite(v)) {
                x.add(r.epoch());
                y.add(v);
            }
        }
        if (!y.isEmpty()) {
            chart.addSeries(name, x, y);
        }
    }
}
