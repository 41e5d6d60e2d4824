package io.assay.analysis.model;

import java.time.Instant;
import java.util.List;

/**
 * A point that trend and seasonality do not explain.
 *
 * @param expected     what trend and seasonality predict
 * @param magnitude    robust z-score of the residual (how many robust standard deviations away)
 * @param contributors the category values that moved most against their usual share, largest first
 */
public record AnomalyInsight(Instant at, double value, double expected, double magnitude, double pValue,
                             List<Contributor> contributors) {

    public AnomalyInsight {
        contributors = List.copyOf(contributors);
    }

    /**
     * A category value's part in an anomaly.
     *
     * @param actual its value in the anomaly's bucket
     * @param usual  its median over the buckets around it
     * @param delta  what it did beyond moving in proportion to the whole: actual − usual × (total / usual total)
     * @param share  delta as a part of the anomaly's difference (value − expected)
     */
    public record Contributor(String column, String value, double actual, double usual, double delta, double share) {
    }
}
