package dev.halftone.evaluation.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The quality-vs-memory plot as standalone SVG: one point per variant at (size on disk, mean quality), the Pareto
 * frontier (no other variant is both smaller and better) drawn as a line through its points.
 */
public final class ParetoPlot {

    /** Quality axis: the first of these with data and not marked unavailable. */
    static final List<Metric> QUALITY_ORDER = List.of(Metric.PICK, Metric.CLIP, Metric.SSIM);

    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    private static final int MARGIN = 64;

    record Point(String label, double sizeGb, double quality) {
    }

    private ParetoPlot() {
    }

    /** The metric the plot uses, or empty when no variant has any quality metric. */
    public static Optional<Metric> qualityMetric(StudyTables tables) {
        return QUALITY_ORDER.stream().filter(metric -> !tables.results().unavailable().containsKey(metric))
                .filter(metric -> tables.results().variants().stream()
                        .anyMatch(v -> tables.mean(v.name(), metric).isPresent()))
                .findFirst();
    }

    public static Optional<String> svg(StudyTables tables) {
        return qualityMetric(tables).map(metric -> svg(points(tables, metric), metric));
    }

    static List<Point> points(StudyTables tables, Metric metric) {
        List<Point> points = new ArrayList<>();
        for (VariantInfo variant : tables.results().variants()) {
            tables.mean(variant.name(), metric).ifPresent(mean ->
                    points.add(new Point(variant.label(), variant.sizeOnDiskBytes() / 1e9, mean.mean())));
        }
        return points;
    }

    /** Points on the frontier, by increasing size: each is better than every smaller point. */
    static List<Point> frontier(List<Point> points, boolean higherIsBetter) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::sizeGb)
                .thenComparingDouble(p -> higherIsBetter ? -p.quality() : p.quality()));
        List<Point> frontier = new ArrayList<>();
        for (Point point : sorted) {
            if (frontier.isEmpty() || (higherIsBetter ? point.quality() > frontier.getLast().quality()
                    : point.quality() < frontier.getLast().quality())) {
                frontier.add(point);
            }
        }
        return frontier;
    }

    private static String svg(List<Point> points, Metric metric) {
        double minX = 0;
        double maxX = points.stream().mapToDouble(Point::sizeGb).max().orElse(1) * 1.1;
        double minY = points.stream().mapToDouble(Point::quality).min().orElse(0);
        double maxY = points.stream().mapToDouble(Point::quality).max().orElse(1);
        double padY = Math.max((maxY - minY) * 0.15, Math.abs(maxY) * 0.01 + 1e-9);
        minY -= padY;
        maxY += padY;
        maxX = maxX > minX ? maxX : 1;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT,
                WIDTH, HEIGHT));
        svg.append("<title>").append(metric.label()).append(" vs size on disk</title>\n");
        svg.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
                WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                MARGIN, MARGIN, MARGIN, HEIGHT - MARGIN));
        for (int i = 0; i <= 4; i++) {
            double xValue = minX + (maxX - minX) * i / 4;
            double yValue = minY + (maxY - minY) * i / 4;
            double x = px(xValue, minX, maxX);
            double y = py(yValue, minY, maxY);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.2f</text>%n",
                    x, HEIGHT - MARGIN + 18, xValue));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3f</text>%n",
                    MARGIN - 6, y + 4, yValue));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">Size on disk (GB)</text>%n",
                WIDTH / 2, HEIGHT - 16));
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 16 %d)\">%s (%s is better)</text>%n", HEIGHT / 2, HEIGHT / 2,
                metric.label(), metric.higherIsBetter() ? "higher" : "lower"));
        List<Point> frontier = frontier(points, metric.higherIsBetter());
        StringBuilder line = new StringBuilder();
        for (Point point : frontier) {
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(point.sizeGb(), minX, maxX),
                    py(point.quality(), minY, maxY)));
        }
        svg.append("<polyline class=\"frontier\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"")
                .append(line.toString().strip()).append("\"/>\n");
        for (Point point : points) {
            double x = px(point.sizeGb(), minX, maxX);
            double y = py(point.quality(), minY, maxY);
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>%n", x, y,
                    frontier.contains(point) ? "#d62728" : "#1f77b4"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", x + 8, y - 8,
                    escape(point.label())));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double px(double value, double min, double max) {
        return MARGIN + (value - min) / (max - min) * (WIDTH - 2 * MARGIN);
    }

    private static double py(double value, double min, double max) {
        return HEIGHT - MARGIN - (value - min) / (max - min) * (HEIGHT - 2 * MARGIN);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
