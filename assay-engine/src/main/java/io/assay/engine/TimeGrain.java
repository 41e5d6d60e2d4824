package io.assay.engine;

/** Calendar grains for bucketing time. */
public enum TimeGrain {
    SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR
}
