package io.assay.platform.report;

import io.assay.analysis.model.AnalysisResult;

import java.io.IOException;
import java.io.OutputStream;

/** Renders an analysis result in one {@link ReportFormat}. Writers leave {@code out} open. */
public interface ReportWriter {

    void write(AnalysisResult result, OutputStream out) throws IOException;
}
