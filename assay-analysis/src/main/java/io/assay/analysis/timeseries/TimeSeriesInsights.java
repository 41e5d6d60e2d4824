package io.assay.analysis.timeseries;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything this package says about one series: its trend, its seasonal cycles and its anomalies, computed from a
 * single seasonality detection and decomposition.
 *
 * @param series the series analysed
 * @param trend the trend; empty when too few values are present to test one
 * @param seasonality the seasonal cycles and the decomposition
 * @param anomalies the anomalous events, in time order
 */
public record TimeSeriesInsights(Series series, Optional<Trend> trend, Seasonality seasonality,
                                 List<Anomaly> anomalies) {

    public TimeSeriesInsights {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(trend, "trend");
        Objects.requireNonNull(seasonality, "seasonality");
        anomalies = List.copyOf(anomalies);
    }

    /** Analyses a series with the default settings. */
    public static TimeSeriesInsights of(Series series) {
        return of(series, new AnomalyDetector());
    }

    /** Analyses a series, finding anomalies with the given detector and everything else at default levels. */
    public static TimeSeriesInsights of(Series series, AnomalyDetector detector) {
        Seasonality seasonality = Seasonality.detect(series);
        return new TimeSeriesInsights(series, Trend.of(series, seasonality, Trend.DEFAULT_ALPHA), seasonality,
            detector.detect(series, seasonality));
    }
}
