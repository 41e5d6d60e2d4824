package io.assay.server;

import io.assay.engine.Column;
import io.assay.platform.audit.AuditRecord;
import io.assay.platform.auth.ApiToken;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.User;
import io.assay.platform.catalog.Dataset;
import io.assay.platform.catalog.DatasetDescription;
import io.assay.platform.jobs.Job;
import io.assay.platform.saved.QueryParameter;
import io.assay.platform.saved.SavedQuery;
import io.assay.platform.task.Progress;
import io.assay.platform.workspace.AnalysisRuns;
import io.assay.platform.workspace.DatasetGateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of the API (see the OpenAPI document): plain maps built from the platform's values. */
public final class Views {

    private Views() {
    }

    public static Map<String, Object> user(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", u.name());
        m.put("role", u.role().id());
        m.put("disabled", u.disabled());
        m.put("createdAt", time(u.createdAt()));
        m.put("lastSignInAt", u.lastSignInAt().map(Views::time).orElse(null));
        return m;
    }

    public static Map<String, Object> token(ApiToken t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("role", t.role().id());
        m.put("owner", t.owner());
        m.put("createdAt", time(t.createdAt()));
        m.put("expiresAt", t.expiresAt().map(Views::time).orElse(null));
        m.put("lastUsedAt", t.lastUsedAt().map(Views::time).orElse(null));
        m.put("revoked", t.revoked());
        return m;
    }

    public static Map<String, Object> column(Column c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("type", c.type().nativeName().toUpperCase(Locale.ROOT));
        m.put("nullable", c.nullable());
        return m;
    }

    public static List<Object> columns(List<Column> columns) {
        return new ArrayList<>(columns.stream().map(Views::column).toList());
    }

    public static Map<String, Object> dataset(DatasetGateway.View v) {
        Dataset d = v.dataset();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("source", d.source());
        m.put("format", d.format());
        m.put("rows", d.rows());
        m.put("columns", d.columns());
        m.put("sourceBytes", d.sourceBytes());
        m.put("storedBytes", d.storedBytes());
        m.put("rejectedRows", d.rejectedRows());
        m.put("importedAt", time(d.importedAt()));
        m.put("updatedAt", time(d.updatedAt()));
        m.put("owner", v.owner().orElse(null));
        m.put("qualityScore", v.qualityScore().isPresent() ? v.qualityScore().getAsDouble() : null);
        m.put("access", v.access() == DatasetAccess.Access.READ ? "read" : "write");
        return m;
    }

    public static Map<String, Object> datasetDetail(DatasetGateway.Detail d) {
        Map<String, Object> m = dataset(d.view());
        List<Object> schema = new ArrayList<>();
        for (DatasetDescription.ColumnInfo c : d.description().columns()) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", c.name());
            col.put("type", c.type().nativeName().toUpperCase(Locale.ROOT));
            col.put("nullable", c.nullable());
            col.put("examples", c.examples());
            schema.add(col);
        }
        m.put("schema", schema);
        m.put("options", d.view().dataset().options());
        m.put("grants", d.grants().stream().filter(g -> g.access() != DatasetAccess.Access.OWNER).map(Views::grant).toList());
        return m;
    }

    public static Map<String, Object> grant(DatasetAccess.Grant g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grantee", g.grantee());
        m.put("access", g.access().id());
        return m;
    }

    public static Map<String, Object> job(Job j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("kind", j.kind().id());
        m.put("status", j.status().id());
        m.put("owner", j.owner());
        m.put("description", j.description());
        m.put("progress", j.progress().map(Views::progress).orElse(null));
        m.put("createdAt", time(j.createdAt()));
        m.put("startedAt", j.startedAt().map(Views::time).orElse(null));
        m.put("finishedAt", j.finishedAt().map(Views::time).orElse(null));
        m.put("error", j.error().map(Views::jobError).orElse(null));
        m.put("result", j.result().orElse(null));
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", "/api/v1/jobs/" + j.id());
        links.put("events", "/api/v1/jobs/" + j.id() + "/events");
        j.result().map(r -> r.get("resultId")).ifPresent(r -> links.put("result", "/api/v1/results/" + r));
        j.result().map(r -> r.get("analysisId")).ifPresent(a -> links.put("result", "/api/v1/analyses/" + a));
        j.result().map(r -> r.get("dataset")).ifPresent(d -> links.put("result", "/api/v1/datasets/" + d));
        if (j.kind() == Job.Kind.EXPORT && j.status() == Job.Status.SUCCEEDED) {
            links.put("result", "/api/v1/exports/" + j.id());
        }
        m.put("links", links);
        return m;
    }

    private static Map<String, Object> jobError(Job.JobError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        int status = statusOf(e.code());
        m.put("type", "https://assay.dev/problems/" + e.code().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("title", Problems.title(status));
        m.put("status", status);
        m.put("detail", e.message());
        m.put("instance", "job");
        m.put("code", e.code());
        e.hint().ifPresent(h -> m.put("hint", h));
        if (!e.details().isEmpty()) {
            m.put("details", e.details());
        }
        m.put("requestId", "-");
        return m;
    }

    private static int statusOf(String code) {
        try {
            return Problems.status(io.assay.engine.ErrorCode.valueOf(code));
        } catch (IllegalArgumentException e) {
            return 500;
        }
    }

    public static Map<String, Object> progress(Progress p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", p.stage());
        m.put("done", p.done());
        m.put("total", p.total());
        m.put("unit", p.unit().name().toLowerCase(Locale.ROOT));
        m.put("fraction", p.fraction());
        return m;
    }

    public static Map<String, Object> analysis(AnalysisRuns.Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("dataset", r.dataset());
        m.put("mode", r.mode().name().toLowerCase(Locale.ROOT));
        m.put("status", r.job().status().id());
        m.put("jobId", r.jobId());
        m.put("owner", r.owner());
        m.put("createdAt", time(r.createdAt()));
        m.put("finishedAt", r.finishedAt().map(Views::time).orElse(null));
        m.put("qualityScore", r.qualityScore().isPresent() ? r.qualityScore().getAsDouble() : null);
        m.put("summary", r.summary().orElse(null));
        m.put("progress", r.job().progress().map(Views::progress).orElse(null));
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", "/api/v1/analyses/" + r.id());
        links.put("job", "/api/v1/jobs/" + r.jobId());
        links.put("result", "/api/v1/analyses/" + r.id() + "/result");
        links.put("report", "/api/v1/analyses/" + r.id() + "/report");
        m.put("links", links);
        return m;
    }

    public static Map<String, Object> savedQuery(SavedQuery q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", q.id());
        m.put("name", q.name());
        m.put("sql", q.sql());
        m.put("description", q.description().orElse(null));
        m.put("owner", q.owner());
        m.put("parameters", q.parameters().stream().map(Views::queryParameter).toList());
        m.put("createdAt", time(q.createdAt()));
        m.put("updatedAt", time(q.updatedAt()));
        return m;
    }

    public static Map<String, Object> queryParameter(QueryParameter p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("type", p.type().label());
        m.put("default", p.defaultValue().orElse(null));
        m.put("required", p.required());
        return m;
    }

    public static Map<String, Object> audit(AuditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", String.valueOf(r.id()));
        m.put("at", time(r.at()));
        m.put("actor", r.actor().orElse(null));
        m.put("actorId", r.actorId().orElse(null));
        m.put("tokenId", r.tokenId().orElse(null));
        m.put("actorKind", r.actorKind());
        m.put("action", r.action());
        m.put("target", r.target().orElse(null));
        m.put("sql", r.sql().orElse(null));
        m.put("rows", r.rows().isPresent() ? r.rows().getAsLong() : null);
        m.put("durationMs", r.durationMs().isPresent() ? r.durationMs().getAsLong() : null);
        m.put("outcome", r.outcome());
        m.put("detail", r.detail().orElse(null));
        m.put("requestId", r.requestId().orElse(null));
        m.put("remoteAddress", r.remoteAddress().orElse(null));
        return m;
    }

    /**
     * The answer to an anomaly question, as REST and MCP give it: the series it looked at and its
     * anomalies, strongest first, each with the expected value, the score and its contributors.
     */
    public static Map<String, Object> metricAnomalies(String dataset, io.assay.analysis.insight.MetricAnomalies.Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", dataset);
        out.put("timeColumn", r.timeColumn());
        out.put("grain", r.grain().name().toLowerCase(Locale.ROOT));
        out.put("stepSeconds", r.stepSeconds());
        out.put("aggregate", r.aggregate().name().toLowerCase(Locale.ROOT));
        out.put("measure", r.measure());
        out.put("buckets", r.series().points().size());
        out.put("from", r.series().points().isEmpty() ? null : r.series().points().get(0).at().toString());
        out.put("to", r.series().points().isEmpty() ? null : r.series().points().get(r.series().points().size() - 1).at().toString());
        out.put("breakdown", r.breakdown());
        out.put("anomalies", anomalies(r.series().anomalies()));
        out.put("notes", r.notes());
        return out;
    }

    /** Anomalies with their expected values, robust scores and contributors. */
    public static List<Map<String, Object>> anomalies(List<io.assay.analysis.model.AnomalyInsight> anomalies) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (io.assay.analysis.model.AnomalyInsight x : anomalies) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", x.at().toString());
            m.put("value", finite(x.value()));
            m.put("expected", finite(round(x.expected())));
            m.put("score", finite(round(x.magnitude())));
            m.put("pValue", finite(x.pValue()));
            List<Map<String, Object>> cs = new ArrayList<>();
            for (io.assay.analysis.model.AnomalyInsight.Contributor c : x.contributors()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("column", c.column());
                cm.put("value", c.value());
                cm.put("actual", finite(c.actual()));
                cm.put("usual", finite(c.usual()));
                cm.put("share", finite(round(c.share())));
                cs.add(cm);
            }
            m.put("contributors", cs);
            out.add(m);
        }
        return out;
    }

    /** A column found by a search, as REST and MCP give it. */
    public static Map<String, Object> columnMatch(DatasetGateway.ColumnMatch m) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("dataset", m.dataset());
        x.put("column", m.column());
        x.put("type", m.type().nativeName());
        x.put("semanticType", m.semanticType().orElse(null));
        x.put("personalData", m.personalData().orElse(null));
        return x;
    }

    /** A number for JSON: null where it is not finite. */
    public static Object finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    /** Four decimals are enough for a figure a person or an assistant reads. */
    public static double round(double d) {
        return Math.round(d * 10_000) / 10_000.0;
    }

    public static String time(Instant t) {
        return t.toString();
    }

    static Optional<String> nonEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }
}
