package dev.halftone.evaluation.report;

import dev.halftone.evaluation.stats.PairedBootstrap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A study's report (paper §5): Tables 1-3, per-category OCR, the fragility ranking, paired CI tables, the
 * quality-vs-memory Pareto plot and the image grid, as Markdown and as one self-contained HTML page.
 */
public final class StudyReport {

    public static final String PARETO_FILE = "pareto.svg";

    private final StudyTables tables;
    private final List<ReportTable> reportTables;
    private final Optional<String> paretoSvg;
    private final ImageGrid grid;

    private StudyReport(StudyTables tables) {
        this.tables = tables;
        this.reportTables = ReportTables.build(tables);
        this.paretoSvg = ParetoPlot.svg(tables);
        this.grid = ImageGrid.of(tables.results());
    }

    public static StudyReport of(StudyResults results, PairedBootstrap bootstrap) {
        return new StudyReport(StudyTables.of(results, bootstrap));
    }

    public static StudyReport of(StudyResults results) {
        return of(results, new PairedBootstrap());
    }

    public StudyTables tables() {
        return tables;
    }

    /** Markdown; the plot is linked as {@value #PARETO_FILE}, images by the paths in the scores. */
    public String markdown() {
        return MarkdownReport.render(tables, reportTables, paretoSvg.map(svg -> PARETO_FILE), grid);
    }

    public String html() {
        return HtmlReport.render(tables, reportTables, paretoSvg, grid);
    }

    public Optional<String> paretoSvg() {
        return paretoSvg;
    }

    /** Writes report.md, report.html and, when there is a plot, pareto.svg into the folder. */
    public void write(Path folder) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("report.md"), markdown());
            Files.writeString(folder.resolve("report.html"), html());
            if (paretoSvg.isPresent()) {
                Files.writeString(folder.resolve(PARETO_FILE), paretoSvg.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + folder, e);
        }
    }
}
