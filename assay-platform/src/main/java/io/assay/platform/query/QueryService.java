package io.assay.platform.query;

import io.assay.engine.AssayException;
import io.assay.engine.Capability;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.ExportFormat;
import io.assay.engine.QueryOptions;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.config.AssayConfig;
import io.assay.platform.export.ResultFormat;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.task.TaskContext;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs SQL on the warehouse and streams the result to a writer, or has the engine write it to a
 * file. Every query runs under a timeout and can be cancelled through its {@link TaskContext}.
 */
public final class QueryService {

    private final Engine warehouse;
    private final AssayConfig config;

    public QueryService(Engine warehouse, AssayConfig config) {
        this.warehouse = warehouse;
        this.config = config;
    }

    /** Runs the query and streams its rows through {@code writer} to {@code out}. */
    public QueryOutcome run(QueryRequest request, ResultWriter writer, OutputStream out, TaskContext ctx) {
        SqlStatement sql = new SqlStatement(clean(request.sql()), request.params());
        Instant started = Instant.now();
        try (Session session = warehouse.openSession();
             AutoCloseable cancel = Cancellation.untilDone(ctx, session);
             RowStream rows = session.query(sql, options(request))) {
            long n = writer.write(rows, out);
            return new QueryOutcome(rows.columns(), n, rows.truncated(), Duration.between(started, Instant.now()));
        } catch (AssayException e) {
            throw e;
        } catch (IOException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Could not write the result: " + e.getMessage())
                    .hint("Check the output destination (disk space, a closed pipe).")
                    .cause(e)
                    .build();
        } catch (Exception e) {
            throw AssayException.internal("The query failed unexpectedly", e);
        }
    }

    /**
     * Writes the result to {@code file}: by the engine itself where it can (CSV, Parquet, NDJSON),
     * else streamed through a writer. The file appears complete or not at all.
     */
    public QueryOutcome export(QueryRequest request, Path file, ResultFormat format, TaskContext ctx) {
        Path target = file.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The folder " + parent + " does not exist.")
                    .hint("Create it first, or write the result somewhere else.")
                    .detail("parameter", "out")
                    .build();
        }
        Path temp = parent == null ? Path.of(target + ".part") : parent.resolve("." + target.getFileName() + ".part");
        Optional<ExportFormat> engineFormat = switch (format) {
            case CSV -> Optional.of(ExportFormat.CSV);
            case PARQUET -> Optional.of(ExportFormat.PARQUET);
            case NDJSON -> Optional.of(ExportFormat.NDJSON);
            default -> Optional.empty();
        };
        try {
            QueryOutcome outcome;
            if (engineFormat.isPresent() && warehouse.can(Capability.EXPORT_FILES) && warehouse.files().isPresent()) {
                outcome = exportInEngine(request, temp, engineFormat.get(), ctx);
            } else if (format == ResultFormat.PARQUET) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The engine " + warehouse.name() + " cannot write " + format + ".")
                        .hint("Choose csv, json or ndjson.")
                        .detail("parameter", "format")
                        .build();
            } else {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    outcome = run(request, ResultWriter.of(format), out, ctx);
                }
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return outcome;
        } catch (IOException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Could not write " + target + ": " + e.getMessage())
                    .hint("Check that the folder is writable and has space.")
                    .detail("parameter", "out")
                    .cause(e)
                    .build();
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Nothing left to clean that matters.
            }
        }
    }

    private QueryOutcome exportInEngine(QueryRequest request, Path temp, ExportFormat format, TaskContext ctx) {
        String callers = clean(request.sql());
        String sql = callers;
        OptionalLong cap = cap(request);
        if (cap.isPresent()) {
            sql = "SELECT * FROM (" + sql + "\n) AS q " + warehouse.dialect().limitClause(cap.getAsLong());
        }
        int start = sql.indexOf(callers);
        Instant started = Instant.now();
        try (Session session = warehouse.openSession(); AutoCloseable cancel = Cancellation.untilDone(ctx, session)) {
            long rows = warehouse.files().orElseThrow().export(session, new SqlStatement(sql, request.params()), temp, format,
                    new QueryOptions(Optional.of(timeout(request)), OptionalLong.empty()));
            return new QueryOutcome(List.of(), rows, false, Duration.between(started, Instant.now()));
        } catch (AssayException e) {
            // The engine may wrap it again (COPY (...) TO): its excerpt is placed by the text, wherever it begins.
            throw SqlErrorPlace.inCallersSql(e, sql, start, callers);
        } catch (Exception e) {
            throw AssayException.internal("The export failed unexpectedly", e);
        }
    }

    private QueryOptions options(QueryRequest request) {
        return new QueryOptions(Optional.of(timeout(request)), cap(request));
    }

    private Duration timeout(QueryRequest request) {
        return request.timeout().orElse(config.queryTimeout());
    }

    private OptionalLong cap(QueryRequest request) {
        if (request.maxRows().isPresent()) {
            return request.maxRows();
        }
        return config.queryMaxRows() > 0 ? OptionalLong.of(config.queryMaxRows()) : OptionalLong.empty();
    }

    /** The SQL without surrounding blanks and trailing semicolons; empty SQL is an error. */
    public static String clean(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).stripTrailing();
        }
        if (s.isEmpty()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The SQL text is empty.")
                    .hint("Give a query, such as: SELECT * FROM orders LIMIT 10")
                    .detail("parameter", "sql")
                    .build();
        }
        return s;
    }
}
