package io.assay.platform.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.assay.engine.Column;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Small query results kept in memory, keyed by the SQL, its parameters, the row cap and the
 * caller's grants; dropped when a dataset they read changes, when they age past the TTL, or when
 * the cache is full (weighed by an estimate of their size). Hits and misses are in the metrics as
 * {@code cache_gets_total{cache="query-results"}}.
 */
public final class ResultCache {

    /** Results with more rows than this are not worth the memory: they are not cached. */
    public static final int MAX_ROWS = 10_000;

    /** What identifies a cached result. */
    public record Key(String sql, List<Object> params, long rowCap, String grants) {
        public Key {
            params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
        }
    }

    /** A cached result and the datasets it read. */
    public record Entry(List<Column> columns, List<Object[]> rows, boolean truncated, Set<String> datasets, int weight) {
        public Entry {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            datasets = Set.copyOf(datasets);
        }
    }

    private final Cache<Key, Entry> cache;

    public ResultCache(long maxBytes, Duration ttl, MeterRegistry metrics) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, Entry e) -> e.weight() + k.sql().length() * 2)
                .expireAfterWrite(ttl)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(metrics, cache, "query-results");
    }

    public Optional<Entry> get(Key key) {
        return Optional.ofNullable(cache.getIfPresent(key));
    }

    public void put(Key key, Entry entry) {
        cache.put(key, entry);
    }

    /** Drops every result that read {@code dataset}. */
    public void invalidate(String dataset) {
        String name = dataset.toLowerCase(java.util.Locale.ROOT);
        cache.asMap().entrySet().removeIf(e -> e.getValue().datasets().contains(name));
    }

    public long size() {
        return cache.estimatedSize();
    }

    /** A rough size in bytes of a row's values, for weighing entries. */
    static int weigh(Object[] row) {
        int w = 16 + row.length * 8;
        for (Object v : row) {
            if (v instanceof String s) {
                w += 40 + s.length() * 2;
            } else if (v instanceof byte[] b) {
                w += 16 + b.length;
            } else if (v != null) {
                w += 24;
            }
        }
        return w;
    }
}
