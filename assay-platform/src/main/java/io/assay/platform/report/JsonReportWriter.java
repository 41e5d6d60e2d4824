package io.assay.platform.report;

import io.assay.analysis.model.AnalysisResult;

import java.io.IOException;
import java.io.OutputStream;

/** The whole result as pretty-printed JSON in UTF-8, following the rules of {@link ReportJson}. */
public final class JsonReportWriter implements ReportWriter {

    @Override
    public void write(AnalysisResult result, OutputStream out) throws IOException {
        ReportJson.prettyWriter().writeValue(out, result);
        out.write('\n');
        out.flush();
    }
}
