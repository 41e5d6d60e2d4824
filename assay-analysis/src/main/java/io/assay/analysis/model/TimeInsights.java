package io.assay.analysis.model;

import io.assay.engine.TimeGrain;

import java.util.List;

/**
 * What happened over time, for a table with a time column.
 *
 * @param timeColumn the column the series are bucketed by
 * @param grain      the bucket size chosen for the data's span and density
 * @param series     the row count series first, then the main measures
 */
public record TimeInsights(String timeColumn, TimeGrain grain, List<SeriesInsight> series) {

    public TimeInsights {
        series = List.copyOf(series);
    }
}
