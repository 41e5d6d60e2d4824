package io.assay.platform.workspace;

import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.jobs.Job;
import io.assay.platform.jobs.JobService;
import io.assay.platform.query.KeptResults;
import io.assay.platform.query.QueryGateway;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryRequest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A query run as a job, for work too long to wait for: its result is kept in the warehouse, and the
 * job's result names it for paging. (A query written to a file as a job is an export: {@link Exports}.)
 */
public final class QueryJobs {

    private final JobService jobs;
    private final QueryGateway queries;

    QueryJobs(JobService jobs, QueryGateway queries) {
        this.jobs = jobs;
        this.queries = queries;
    }

    /** Queues the query; the finished job's result has {@code resultId}, {@code rows} and {@code columns}. */
    public Job keep(Principal caller, QueryRequest request, AuditService.Origin origin) {
        String sql = request.sql().strip();
        return jobs.submit(caller, Job.Kind.QUERY, "query " + (sql.length() > 80 ? sql.substring(0, 77) + "..." : sql), task -> {
            KeptResults.StoredResult r = queries.run(caller, request, new QueryOutput.Keep(), origin, task);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("resultId", r.id());
            out.put("rows", r.rows());
            out.put("columns", r.columns().size());
            return out;
        });
    }
}
