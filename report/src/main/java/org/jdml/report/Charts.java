package org.jdml.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn with XChart and saved as PNG. */
public final class Charts {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 480;
    /** Tableau 10 plus lighter variants: distinct on white, also for most colour-blind readers. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
        new Color(0xaec7e8), new Color(0xffbb78), new Color(0x98df8a), new Color(0xff9896), new Color(0xc5b0d5),
        new Color(0xc49c94), new Color(0xf7b6d2), new Color(0xc7c7c7), new Color(0xdbdb8d), new Color(0x9edae5)};

    private Charts() {
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        return chart(title, xTitle, yTitle, WIDTH, HEIGHT);
    }

    private static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xe5e5e5));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        styler.setSeriesColors(PALETTE);
        styler.setMarkerSize(6);
        styler.setAntiAlias(true);
        styler.setXAxisTickMarkSpacingHint(140);   // fewer, wider-spaced iteration labels
        styler.setYAxisTickMarkSpacingHint(60);
        return chart;
    }

    /** A value per iteration: faint raw points under a solid trailing moving average. */
    static void perIteration(Path file, String title, String yTitle, double[] x, double[] y) throws IOException {
        XYChart chart = chart(title, "iteration", yTitle);
        chart.getStyler().setXAxisDecimalPattern("0");
        int window = smoothingWindow(y.length);
        XYSeries raw = chart.addSeries("per iteration", x, y);
        raw.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        raw.setMarker(SeriesMarkers.CIRCLE);
        raw.setMarkerColor(new Color(0x1f, 0x77, 0xb4, 70));
        XYSeries smooth = chart.addSeries(window > 1 ? "moving average of " + window : "value", x,
                movingAverage(y, window));
        smooth.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        smooth.setMarker(SeriesMarkers.NONE);
        smooth.setLineColor(new Color(0xd62728));
        smooth.setLineWidth(2.5f);
        chart.getStyler().setMarkerSize(y.length > 2000 ? 3 : 4);
        save(chart, file);
    }

    /** A setting's value per iteration (a controller's knob, the learning rate), drawn as a line. */
    static void setting(Path file, String title, String name, double[] x, double[] y) throws IOException {
        XYChart chart = chart(title, "iteration", name);
        chart.getStyler().setXAxisDecimalPattern("0");
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineWidth(2f);
        chart.getStyler().setLegendVisible(false);
        save(chart, file);
    }

    /**
     * Several metrics against the epoch, one line with markers each. The y axis ends at 1 when every
     * value is a fraction and starts a little below the smallest value (Recall@1 near 0.9 stays legible).
     */
    static void perEpoch(Path file, String title, double[] epochs, Map<String, double[]> series) throws IOException {
        XYChart chart = chart(title, "epoch", "value");
        double min = series.values().stream().flatMapToDouble(java.util.Arrays::stream).filter(v -> !Double.isNaN(v))
                .min().orElse(0);
        double max = series.values().stream().flatMapToDouble(java.util.Arrays::stream).filter(v -> !Double.isNaN(v))
                .max().orElse(1);
        if (min >= 0 && max <= 1) {
            chart.getStyler().setYAxisMax(1.0);
            chart.getStyler().setYAxisMin(Math.max(0, Math.floor((min - 0.02) * 20) / 20));
        }
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);   // never over the lines
        chart.getStyler().setXAxisDecimalPattern("0.#");
        int i = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), epochs, e.getValue());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineWidth(2f);
            s.setLineColor(PALETTE[i % PALETTE.length]);
            s.setMarkerColor(PALETTE[i % PALETTE.length]);
            i++;
        }
        save(chart, file);
    }

    /**
     * Points coloured by class: one series per class up to the palette's size; beyond that, classes
     * share colours and the legend is hidden.
     */
    static void scatterByClass(Path file, String title, String xTitle, String yTitle, double[][] points,
            int[] labels) throws IOException {
        XYChart chart = chart(title, xTitle, yTitle);
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < points.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        boolean legend = byClass.size() <= PALETTE.length;
        TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
        int c = 0;
        for (Map.Entry<Integer, List<Integer>> e : byClass.entrySet()) {
            groups.computeIfAbsent(legend ? e.getKey() : c % PALETTE.length, k -> new ArrayList<>()).addAll(e.getValue());
            c++;
        }
        int colour = 0;
        for (Map.Entry<Integer, List<Integer>> e : groups.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(i -> points[i][0]).toArray();
            double[] y = e.getValue().stream().mapToDouble(i -> points[i][1]).toArray();
            XYSeries s = chart.addSeries(legend ? "class " + e.getKey() : "group " + e.getKey(), x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            Color base = PALETTE[colour++ % PALETTE.length];
            s.setMarkerColor(new Color(base.getRed(), base.getGreen(), base.getBlue(), 150));
        }
        chart.getStyler().setLegendVisible(legend);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(points.length > 3000 ? 3 : 5);
        save(chart, file);
    }

    /**
     * Lines that each have their own x values (runs side by side), every point marked when {@code
     * marked} (so that a series of one point still shows).
     *
     * @param series name to {x values, y values}
     * @param fractions the values are in [0, 1]: the y axis ends at 1
     */
    public static void lines(Path file, String title, String xTitle, String yTitle, Map<String, double[][]> series,
            boolean marked, boolean fractions, int width, int height) throws IOException {
        XYChart chart = chart(title, xTitle, yTitle, width, height);
        double min = series.values().stream().flatMapToDouble(s -> java.util.Arrays.stream(s[1]))
                .filter(v -> !Double.isNaN(v)).min().orElse(0);
        double max = series.values().stream().flatMapToDouble(s -> java.util.Arrays.stream(s[1]))
                .filter(v -> !Double.isNaN(v)).max().orElse(1);
        if (fractions && min >= 0 && max <= 1) {
            chart.getStyler().setYAxisMax(1.0);
            chart.getStyler().setYAxisMin(Math.max(0, Math.floor((min - 0.02) * 20) / 20));
        }
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisDecimalPattern("0.#");
        int i = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            s.setMarker(marked ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineWidth(2f);
            s.setLineColor(PALETTE[i % PALETTE.length]);
            s.setMarkerColor(PALETTE[i % PALETTE.length]);
            i++;
        }
        save(chart, file);
    }

    /** Window of the loss smoothing: about 1/25 of the points, at least 1, at most 500. */
    public static int smoothingWindow(int n) {
        return Math.max(1, Math.min(500, Math.round(n / 25f)));
    }

    /** Trailing mean over the last {@code window} values (fewer at the start). */
    public static double[] movingAverage(double[] y, int window) {
        double[] out = new double[y.length];
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += y[i];
            if (i >= window) {
                sum -= y[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    private static void save(XYChart chart, Path file) throws IOException {
        String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
