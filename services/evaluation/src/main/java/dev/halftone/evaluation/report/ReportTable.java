package dev.halftone.evaluation.report;

import java.util.List;

/** One formatted table of the report: already-rendered cell text, shared by the Markdown and HTML writers. */
public record ReportTable(String title, List<String> header, List<List<String>> rows, String note) {

    public ReportTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("table " + title + ": a row has " + row.size() + " cells, the header "
                        + header.size());
            }
        }
    }
}
