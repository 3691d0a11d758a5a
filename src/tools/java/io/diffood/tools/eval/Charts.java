package io.diffood.tools.eval;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** PNG charts of the evaluation, drawn headless with JFreeChart. */
final class Charts {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final int BINS = 50;
    /** Line colours in series order: the decision detector first, then the others (matplotlib palette). */
    private static final Color[] PALETTE = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd)};

    private Charts() {
    }

    /** ROC curves (OOD positive), one per method, with the chance diagonal. */
    static void roc(Path file, String title, Map<String, List<OodMetrics.RocPoint>> curves) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        curves.forEach((name, points) -> {
            XYSeries series = new XYSeries(name, false, true);
            points.forEach(p -> series.add(p.fpr(), p.tpr()));
            data.addSeries(series);
        });
        XYSeries chance = new XYSeries("chance", false, true);
        chance.add(0, 0);
        chance.add(1, 1);
        data.addSeries(chance);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "false positive rate (InD flagged as OOD)",
                "true positive rate (OOD flagged)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYItemRenderer renderer = plot.getRenderer();
        for (int i = 0; i < data.getSeriesCount() - 1; i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        renderer.setSeriesPaint(data.getSeriesCount() - 1, Color.GRAY);
        renderer.setSeriesStroke(data.getSeriesCount() - 1, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, 1.01);
        save(file, chart);
    }

    /** Score distributions of the InD sample and one OOD sample on shared bins, as densities. */
    static void histogram(Path file, String title, String scoreName, String indName, double[] ind, String oodName,
            double[] ood) throws IOException {
        double min = Math.min(Arrays.stream(ind).min().orElse(0), Arrays.stream(ood).min().orElse(0));
        double max = Math.max(Arrays.stream(ind).max().orElse(1), Arrays.stream(ood).max().orElse(1));
        if (max <= min) {
            max = min + 1e-6;
        }
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.SCALE_AREA_TO_1);
        data.addSeries(indName, ind, BINS, min, max);
        data.addSeries(oodName, ood, BINS, min, max);
        JFreeChart chart = ChartFactory.createHistogram(title, scoreName, "density", data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setForegroundAlpha(0.6f);
        XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, PALETTE[1]);
        renderer.setSeriesPaint(1, PALETTE[0]);
        save(file, chart);
    }

    private static void save(Path file, JFreeChart chart) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
