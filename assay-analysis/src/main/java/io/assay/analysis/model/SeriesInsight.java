package io.assay.analysis.model;

import java.util.List;
import java.util.Optional;

/**
 * One measure over time and what stands out in it.
 *
 * @param measure     what is measured, such as {@code rows} or {@code sum(total_amount)}
 * @param points      the series, one point per bucket (missing buckets are zero for counts)
 * @param trend       direction, rate and strength, when there are enough points
 * @param seasonality the periods detected, strongest first
 * @param anomalies   points far from what trend and seasonality predict, strongest first
 */
public record SeriesInsight(String measure, List<TimePoint> points, Optional<TrendInsight> trend,
                            List<SeasonalityInsight> seasonality, List<AnomalyInsight> anomalies) {

    public SeriesInsight {
        points = List.copyOf(points);
        seasonality = List.copyOf(seasonality);
        anomalies = List.copyOf(anomalies);
    }

    /** One bucket: its start and value. */
    public record TimePoint(java.time.Instant at, double value) {
    }
}
