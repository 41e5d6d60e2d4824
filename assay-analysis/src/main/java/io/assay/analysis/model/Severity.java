package io.assay.analysis.model;

/** How much a finding matters. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
