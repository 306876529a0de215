package dev.halftone.evaluation.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Renders a study as one self-contained HTML page: inline CSS, inline SVG plot, images as data: URIs. */
final class HtmlReport {

    private static final String STYLE = "body{font-family:'DejaVu Sans',sans-serif;margin:2em;max-width:1100px}"
            + "table{border-collapse:collapse;margin:0.5em 0}th,td{border:1px solid #bbb;padding:3px 8px;"
            + "text-align:right}th:first-child,td:first-child{text-align:left}p.note{color:#555;font-size:90%}"
            + "img{image-rendering:pixelated;max-width:256px}";

    private HtmlReport() {
    }

    static String render(StudyTables tables, List<ReportTable> reportTables, Optional<String> paretoSvg,
                         ImageGrid grid) {
        String title = ParetoPlot.escape(tables.results().title());
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(title).append("</title><style>").append(STYLE).append("</style></head>\n")
                .append("<body>\n<h1>").append(title).append("</h1>\n");
        if (!tables.results().unavailable().isEmpty()) {
            html.append("<h2>Unavailable metrics</h2>\n<ul>\n");
            tables.results().unavailable().forEach((metric, reason) -> html.append("<li><b>")
                    .append(ParetoPlot.escape(metric.label())).append("</b>: ").append(ParetoPlot.escape(reason))
                    .append("</li>\n"));
            html.append("</ul>\n");
        }
        for (ReportTable table : reportTables) {
            html.append("<h2>").append(ParetoPlot.escape(table.title())).append("</h2>\n<table>\n<tr>");
            table.header().forEach(cell -> html.append("<th>").append(ParetoPlot.escape(cell)).append("</th>"));
            html.append("</tr>\n");
            for (List<String> row : table.rows()) {
                html.append("<tr>");
                row.forEach(cell -> html.append("<td>").append(ParetoPlot.escape(cell)).append("</td>"));
                html.append("</tr>\n");
            }
            html.append("</table>\n<p class=\"note\">").append(ParetoPlot.escape(table.note())).append("</p>\n");
        }
        html.append("<h2>Quality vs memory</h2>\n").append(paretoSvg
                .orElse("<p>No variant has a standalone quality score, so there is no Pareto plot.</p>\n"));
        html.append("<h2>Image grid (same prompt and seed across variants)</h2>\n<table>\n<tr><th>Prompt</th>"
                + "<th>Seed</th>");
        grid.variants().forEach(v -> html.append("<th>").append(ParetoPlot.escape(tables.results().variant(v).label()))
                .append("</th>"));
        html.append("</tr>\n");
        for (ImageGrid.Row row : grid.rows()) {
            html.append("<tr><td>").append(ParetoPlot.escape(row.promptId())).append("</td><td>").append(row.seed())
                    .append("</td>");
            row.images().values().forEach(image -> html.append("<td>").append(image.map(HtmlReport::inline)
                    .orElse("missing")).append("</td>"));
            html.append("</tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    /** The PNG as a data: URI, so the page needs no other file. */
    private static String inline(Path png) {
        try {
            return "<img alt=\"" + ParetoPlot.escape(png.getFileName().toString()) + "\" src=\"data:image/png;base64,"
                    + Base64.getEncoder().encodeToString(Files.readAllBytes(png)) + "\">";
        } catch (IOException e) {
            return "missing: " + ParetoPlot.escape(png.toString());
        }
    }
}
