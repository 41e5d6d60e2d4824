package io.assay.cli;

import io.assay.platform.config.ConfigLoader;
import io.assay.platform.workspace.Workspace;
import io.assay.server.AssayServer;
import io.assay.server.Route;
import io.assay.server.mcp.AssayMcp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every capability of the platform is reachable from every door where it makes sense: the command
 * line, REST (and the web page over it) and MCP. Each row names what a door offers for it, or why
 * that door does without it. A door that loses a capability, or a new command, route or tool that no
 * row names, fails this test: parity is kept by design, not by memory.
 */
class DoorParityTest {

    /** What one door offers for a capability, or why it does not. */
    private sealed interface Offer permits Has, Without {
    }

    private record Has(String name) implements Offer {
    }

    private record Without(String reason) implements Offer {
    }

    private record Capability(String name, Offer cli, Offer rest, Offer mcp) {
    }

    private static Has has(String name) {
        return new Has(name);
    }

    private static Without without(String reason) {
        return new Without(reason);
    }

    private static final String ADMINISTRATION = "administration of the shared service: its users exist only on the server";
    private static final String NO_TERMINAL = "process-level: it starts or stops Assay itself";

    private static final List<Capability> CAPABILITIES = List.of(
            new Capability("list datasets", has("datasets"), has("GET /api/v1/datasets"), has("list_datasets")),
            new Capability("describe a dataset", has("describe"), has("GET /api/v1/datasets/{name}"), has("describe_dataset")),
            new Capability("import a file", has("import"), has("POST /api/v1/datasets"), has("import_file")),
            new Capability("delete a dataset", has("delete"), has("DELETE /api/v1/datasets/{name}"),
                    without("destructive: an assistant's tools may not remove data")),
            new Capability("rejected rows", has("rejects"), has("GET /api/v1/datasets/{name}/rejects"),
                    without("not yet offered to assistants: describe_dataset tells how many rows were rejected")),
            new Capability("download a dataset", has("query"), has("GET /api/v1/datasets/{name}/data"),
                    without("an assistant reads rows through run_query, capped; whole files are for people")),
            new Capability("share a dataset", without("the local operator owns the data directory; grants are for users of the server"),
                    has("PUT /api/v1/datasets/{name}/grants/{grantee}"), without(ADMINISTRATION)),
            new Capability("find columns", has("columns"), has("GET /api/v1/columns"), has("search_columns")),
            new Capability("query", has("query"), has("POST /api/v1/query"), has("run_query")),
            new Capability("query as a job, kept for paging", without("the terminal waits for a query and streams it whole"),
                    has("POST /api/v1/query/jobs"), without("a tool call waits for its answer; run_query keeps a long result itself")),
            new Capability("page a kept result", without("the terminal streams results whole"), has("GET /api/v1/results/{resultId}"),
                    has("run_query")),
            new Capability("export to a file", has("query"), has("GET /api/v1/exports/{id}"),
                    without("an assistant writes no files; import_file is its only file operation")),
            new Capability("analyse a dataset", has("analyze"), has("POST /api/v1/analyses"), has("analyze_dataset")),
            new Capability("analyses and reports", has("analyze"), has("GET /api/v1/analyses/{id}/report"), has("get_findings")),
            new Capability("ask in plain English", has("ask"), has("POST /api/v1/ask"), has("ask")),
            new Capability("synonyms for asking", has("synonyms"), has("PUT /api/v1/datasets/{name}/synonyms/{phrase}"), has("set_synonym")),
            new Capability("list synonyms for asking", has("synonyms"), has("GET /api/v1/datasets/{name}/synonyms"), has("list_synonyms")),
            new Capability("anomalies of a metric", has("anomalies"), has("POST /api/v1/datasets/{name}/anomalies"), has("detect_anomalies")),
            new Capability("charts", without("a terminal draws no charts: the HTML report of analyze has them"),
                    has("POST /api/v1/charts/recommend"), has("make_chart")),
            new Capability("saved queries", has("saved"), has("POST /api/v1/saved-queries"), has("run_saved_query")),
            new Capability("list saved queries", has("saved"), has("GET /api/v1/saved-queries"), has("list_saved_queries")),
            new Capability("run a saved query with values for its parameters", has("saved"), has("POST /api/v1/saved-queries/{id}/run"),
                    has("run_saved_query")),
            new Capability("saved charts", has("charts"), has("POST /api/v1/saved-charts"), has("save_chart")),
            new Capability("list and search saved charts", has("charts"), has("GET /api/v1/saved-charts"), has("list_charts")),
            new Capability("a saved chart and its kept result", has("charts"), has("POST /api/v1/saved-charts/{id}/run"), has("get_chart")),
            new Capability("dashboards", has("dashboards"), has("POST /api/v1/dashboards"), has("save_dashboard")),
            new Capability("list dashboards", has("dashboards"), has("GET /api/v1/dashboards"), has("list_dashboards")),
            new Capability("a dashboard's definition", has("dashboards"), has("GET /api/v1/dashboards/{id}"), has("get_dashboard")),
            new Capability("run a dashboard with filter values", has("dashboards"), has("POST /api/v1/dashboards/{id}/run"),
                    has("run_dashboard")),
            new Capability("export a dashboard as PDF or PNG", has("dashboards"), has("GET /api/v1/dashboards/{id}/export"),
                    without("an assistant writes no files; run_dashboard answers the same cards as data")),
            new Capability("a question built without SQL", without("the terminal takes SQL (query) or plain English (ask); a question's "
                    + "fields are for the web page's builder and for programs"), has("POST /api/v1/questions/run"), has("run_question")),
            new Capability("open a public dashboard link", without("a link is opened in a browser, without signing in"),
                    has("GET /api/v1/public/dashboards/{token}"), without("a link is for people without an account, not for assistants")),
            new Capability("connections", has("connect"), has("GET /api/v1/connections"), has("list_connections")),
            new Capability("test a connection", has("connect"), has("POST /api/v1/connections/{name}/test"), has("test_connection")),
            new Capability("add or remove a connection", has("connect"), has("POST /api/v1/connections"),
                    without("administration: a connection holds another database's credentials, which an assistant never handles")),
            new Capability("jobs", without("the command line runs its work in the foreground, with progress and Ctrl-C"),
                    has("GET /api/v1/jobs"), without("a tool call waits for its job and reports its progress")),
            new Capability("users", without(ADMINISTRATION), has("GET /api/v1/users"), without(ADMINISTRATION)),
            new Capability("API tokens", without("the command line needs none: it is the local operator"), has("GET /api/v1/tokens"),
                    without("an assistant is given a token; it does not make them")),
            new Capability("the audit log", without(ADMINISTRATION), has("GET /api/v1/audit"), without(ADMINISTRATION)),
            new Capability("demo data", has("demo-data"), without(NO_TERMINAL), without(NO_TERMINAL)),
            new Capability("serve", has("serve"), without(NO_TERMINAL), without(NO_TERMINAL)));

    /** Entries of the doors that are not capabilities of their own: help, the tour, session plumbing, documents, health. */
    private static final Set<String> PLUMBING = Set.of("help", "demo", "mcp",
            "POST /api/v1/session", "GET /api/v1/session", "DELETE /api/v1/session", "PUT /api/v1/session/password",
            "GET /api/v1/info", "GET /api/v1/openapi.json", "GET /api/v1/docs", "GET /health/live", "GET /health/ready", "GET /metrics");

    @TempDir
    Path dir;

    @Test
    void everyCapabilityIsInEveryDoorOrSaysWhyNot() {
        Set<String> commands = new TreeSet<>(new CommandLine(new Main()).getSubcommands().keySet());
        Set<String> routes = new TreeSet<>();
        List<String> tools;
        try (Workspace ws = Workspace.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", dir.resolve("data").toString(),
                "server.port", "0")), new SimpleMeterRegistry())) {
            for (Route r : AssayServer.create(ws, AssayServer.newMetrics()).routes()) {
                routes.add(r.method() + " " + r.path());
            }
            tools = AssayMcp.toolNames(ws);
        }
        List<String> problems = new ArrayList<>();
        Set<String> named = new TreeSet<>();
        for (Capability c : CAPABILITIES) {
            check(c.name(), "the command line", c.cli(), commands, problems, named);
            check(c.name(), "REST", c.rest(), routes, problems, named);
            check(c.name(), "MCP", c.mcp(), Set.copyOf(tools), problems, named);
        }
        assertThat(problems).as("capabilities a door claims but does not offer").isEmpty();

        // Everything a door offers is a named capability, a step of one (a route of the same family), or plumbing.
        Map<String, List<String>> unaccounted = new LinkedHashMap<>();
        unaccounted.put("commands", commands.stream().filter(x -> !named.contains(x) && !PLUMBING.contains(x)).toList());
        unaccounted.put("tools", tools.stream().filter(x -> !named.contains(x)).toList());
        unaccounted.put("routes", routes.stream().filter(x -> !PLUMBING.contains(x) && named.stream().noneMatch(n -> family(n, x))).toList());
        assertThat(unaccounted).as("entries of a door that no capability names: add a row").allSatisfy((door, rest) -> assertThat(rest).isEmpty());
    }

    private static void check(String capability, String door, Offer offer, Set<String> entries, List<String> problems, Set<String> named) {
        if (offer instanceof Has h) {
            named.add(h.name());
            if (!entries.contains(h.name())) {
                problems.add(capability + ": " + door + " has no " + h.name());
            }
        } else if (offer instanceof Without w && w.reason().isBlank()) {
            problems.add(capability + ": " + door + " lacks it without a reason");
        }
    }

    /** True when two routes serve the same resource: the same path up to its first parameter (/api/v1/datasets/{name}/...). */
    private static boolean family(String named, String route) {
        if (!named.contains(" /") || !route.contains(" /")) {
            return false;
        }
        return resource(named).equals(resource(route));
    }

    private static String resource(String route) {
        String path = route.substring(route.indexOf(' ') + 1);
        String[] parts = path.split("/");
        // /api/v1/<resource>[/...]
        return parts.length > 3 ? parts[3] : path;
    }
}
