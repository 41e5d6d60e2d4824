package io.assay.server.mcp;

import io.assay.platform.imports.ImportMode;
import io.assay.platform.jobs.Job;
import io.assay.platform.workspace.Workspace;
import io.modelcontextprotocol.server.McpServerFeatures;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.assay.server.mcp.Schemas.choice;
import static io.assay.server.mcp.Schemas.integer;
import static io.assay.server.mcp.Schemas.object;
import static io.assay.server.mcp.Schemas.string;

/** Imports a file from one of the configured import folders ({@code mcp.import-folders}); analysts and admins only. */
final class ImportTool {

    private final Workspace ws;
    private final McpCaller callers;
    private final Runnable datasetsChanged;

    ImportTool(Workspace ws, McpCaller callers, Runnable datasetsChanged) {
        this.ws = ws;
        this.callers = callers;
        this.datasetsChanged = datasetsChanged;
    }

    McpServerFeatures.SyncToolSpecification tool() {
        List<Path> folders = ws.config().mcp().importFolders();
        String where = folders.isEmpty() ? "No import folders are configured on this server (mcp.import-folders), so this tool refuses every file."
                : "Files are read only from: " + String.join(", ", folders.stream().map(Path::toString).toList()) + ".";
        Map<String, Object> input = object()
                .req("path", string("the file: a name inside an import folder, or an absolute path inside one"))
                .prop("name", string("the dataset's name (default: from the file name)"))
                .prop("mode", choice("create (default: fails if the dataset exists), replace or append", "create", "replace", "append")).build();
        Map<String, Object> output = object().open().req("dataset", string("the dataset"))
                .req("rowsLoaded", integer("rows loaded", 0, Integer.MAX_VALUE))
                .req("rejectedRows", integer("rows that did not load (kept for inspection)", 0, Integer.MAX_VALUE)).build();
        return McpTool.of(ws, callers, "import_file", "Import a file",
                "Imports a CSV, TSV, JSON, NDJSON, Parquet or XLSX file as a dataset (format, encoding, delimiter and header are "
                        + "detected). Analysts and admins only. " + where + " The file is left where it is.",
                input, output, McpTool.annotations("Import a file", false, true, false), call -> {
                    Args a = call.args();
                    String path = a.string("path");
                    Path file = Path.of(path);
                    if (!file.isAbsolute() && !folders.isEmpty()) {
                        file = folders.get(0).resolve(path);
                    }
                    ImportMode mode = ImportMode.valueOf(a.optChoice("mode", List.of("create", "replace", "append")).orElse("create")
                            .toUpperCase(Locale.ROOT));
                    Job job = ws.datasets().importFromFolder(call.caller(), file, folders, a.optString("name").map(n -> io.assay.platform.catalog.DatasetName.of(n, "name")), mode, call.origin());
                    Job done = JobWaiter.await(ws, call, job, Duration.ofMinutes(30));
                    datasetsChanged.run();
                    Map<String, Object> result = new LinkedHashMap<>(done.result().orElse(Map.of()));
                    String text = "Imported " + result.get("rowsLoaded") + " rows into the dataset '" + result.get("dataset") + "'"
                            + (((Number) result.getOrDefault("rejectedRows", 0)).longValue() > 0 ? " (" + result.get("rejectedRows") + " rows rejected)" : "")
                            + ". Query it as the table " + result.get("dataset") + ".";
                    return McpTool.Answer.of(text, result).target(String.valueOf(result.get("dataset")));
                });
    }
}
