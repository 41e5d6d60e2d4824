package io.assay.platform.workspace;

import io.assay.analysis.insight.MetricAnomalies;
import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.Engine;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationInfo;
import io.assay.engine.Session;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.catalog.Dataset;
import io.assay.platform.config.AssayConfig;
import io.assay.platform.task.TaskContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Questions about a metric over time, answered on demand (no job, no stored run): which points of a measure,
 * at a grain, over the rows a filter keeps, trend and seasonality do not explain, what was expected there,
 * and which category values drove them. For any caller who may read the dataset; audited.
 */
public final class InsightGateway {

    private final Engine warehouse;
    private final DatasetGateway datasets;
    private final AuditService audit;
    private final AssayConfig config;
    private final Clock clock;
    private final io.assay.platform.query.QueryGateway queries;

    InsightGateway(Engine warehouse, DatasetGateway datasets, io.assay.platform.query.QueryGateway queries, AuditService audit,
                   AssayConfig config, Clock clock) {
        this.warehouse = warehouse;
        this.queries = queries;
        this.datasets = datasets;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** The anomalies of a metric of a dataset the caller may read. */
    public MetricAnomalies.Result anomalies(Principal caller, io.assay.platform.catalog.DatasetName dataset, MetricAnomalies.Spec spec, Optional<Duration> timeout,
                                            AuditService.Origin origin, TaskContext ctx) {
        Instant started = clock.instant();
        AuditService.Event event = AuditService.event(caller, "insight.anomalies").target(dataset.value()).origin(origin)
                .detail(spec.measure().map(m -> spec.aggregate().map(a -> a.name().toLowerCase(Locale.ROOT)).orElse("auto") + "(" + m + ")").orElse("rows")
                        + spec.grain().map(g -> " by " + g.name().toLowerCase(Locale.ROOT)).orElse("")
                        + (spec.filter().isEmpty() ? "" : ", " + spec.filter().size() + " filter condition(s)"));
        try {
            Dataset d = datasets.requireReadable(caller, dataset);
            Duration limit = timeout.filter(t -> t.compareTo(config.queryTimeout()) < 0).orElse(config.queryTimeout());
            QueryOptions options = new QueryOptions(Optional.of(limit), OptionalLong.empty());
            MetricAnomalies.Result result = queries.inQuerySlot(() -> {
                try (Session s = warehouse.openSession(); AutoCloseable cancel = ctx.onCancel(s::cancel)) {
                    List<Column> columns = s.describe(d.relation()).map(RelationInfo::columns).orElse(List.of());
                    return new MetricAnomalies(s, options).detect(warehouse.dialect().qualify(d.relation()), columns, spec);
                } catch (AssayException e) {
                    throw e;
                } catch (Exception e) {
                    throw AssayException.internal("Looking for anomalies in " + dataset + " failed unexpectedly", e);
                }
            });
            audit.record(event.rows(result.series().points().size()).duration(Duration.between(started, clock.instant())));
            return result;
        } catch (AssayException e) {
            audit.record(event.failed(e).duration(Duration.between(started, clock.instant())));
            throw e;
        }
    }
}
