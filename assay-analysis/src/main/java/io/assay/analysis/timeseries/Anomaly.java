package io.assay.analysis.timeseries;

/**
 * An anomalous event: one point, or a run of adjacent anomalous points reported through its strongest point.
 *
 * @param index the position of the strongest point in the series
 * @param epochSecond its timestamp
 * @param value its value
 * @param expected what the series would be there without the anomaly: the level of its window + seasonal
 * @param residual value − expected
 * @param score the robust z-score of the point on the series' own scale: |residual − median residual| / σ̂, σ̂ the
 *     reweighted robust sigma of all the series' residuals; events are ranked by it (see {@link AnomalyDetector})
 * @param criticalValue the critical value of the ESD step that flagged the point in its window
 * @param pValue the ESD test's p-value for the point: the chance of so extreme a score among that many values with
 *     no outlier (0 when it underflows)
 * @param direction SPIKE above the expectation, DIP below
 * @param firstIndex the first point of the event
 * @param lastIndex the last point of the event
 * @param points how many anomalous points the event groups
 */
public record Anomaly(int index, long epochSecond, double value, double expected, double residual, double score,
                      double criticalValue, double pValue, Direction direction, int firstIndex, int lastIndex,
                      int points) {

    /** Which way an anomaly departs from the expectation. */
    public enum Direction {
        /** Above what was expected. */
        SPIKE,
        /** Below what was expected. */
        DIP
    }
}
