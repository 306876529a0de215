package dev.halftone.evaluation.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders a study as GitHub-flavoured Markdown; the Pareto plot and the images are linked files. */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(StudyTables tables, List<ReportTable> reportTables, Optional<String> paretoFile,
                         ImageGrid grid) {
        StringBuilder md = new StringBuilder("# ").append(tables.results().title()).append("\n\n");
        unavailable(md, tables.results().unavailable());
        for (ReportTable table : reportTables) {
            md.append("## ").append(table.title()).append("\n\n");
            row(md, table.header());
            md.append("|").append("---|".repeat(table.header().size())).append("\n");
            table.rows().forEach(row -> row(md, row));
            md.append("\n").append(table.note()).append("\n\n");
        }
        md.append("## Quality vs memory\n\n");
        md.append(paretoFile.map(file -> "![Pareto plot](" + file + ")\n\n")
                .orElse("No variant has a standalone quality score, so there is no Pareto plot.\n\n"));
        md.append("## Image grid (same prompt and seed across variants)\n\n");
        if (grid.rows().isEmpty()) {
            md.append("No generation has images from every variant.\n");
        } else {
            md.append("| Prompt | Seed | ").append(String.join(" | ", grid.variants().stream()
                    .map(v -> tables.results().variant(v).label()).toList())).append(" |\n");
            md.append("|").append("---|".repeat(grid.variants().size() + 2)).append("\n");
            for (ImageGrid.Row row : grid.rows()) {
                md.append("| ").append(row.promptId()).append(" | ").append(row.seed()).append(" | ");
                md.append(String.join(" | ", row.images().values().stream()
                        .map(image -> image.map(Path::toString).map(p -> "![](" + p + ")").orElse("missing")).toList()));
                md.append(" |\n");
            }
        }
        return md.toString();
    }

    private static void unavailable(StringBuilder md, Map<Metric, String> unavailable) {
        if (unavailable.isEmpty()) {
            return;
        }
        md.append("## Unavailable metrics\n\n");
        unavailable.forEach((metric, reason) -> md.append("- **").append(metric.label()).append("**: ")
                .append(reason).append("\n"));
        md.append("\n");
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append("| ").append(String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()))
                .append(" |\n");
    }
}
