// A client session against Assay's MCP server with the official TypeScript SDK, printed as a transcript.
//   node mcp-client.mjs stdio <command> [args...]
//   node mcp-client.mjs http <url> <bearer-token>
// Exits 1 when any step does not answer as expected; the last line is RESULT {json} for the Java test.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [mode, ...rest] = process.argv.slice(2);
let transport;
if (mode === "stdio") {
  transport = new StdioClientTransport({ command: rest[0], args: rest.slice(1), stderr: "ignore" });
} else if (mode === "http") {
  transport = new StreamableHTTPClientTransport(new URL(rest[0]), {
    requestInit: { headers: { Authorization: `Bearer ${rest[1]}` } },
  });
} else {
  console.error("usage: mcp-client.mjs stdio <command> [args...] | http <url> <token>");
  process.exit(2);
}

const result = { mode, steps: {} };
const show = (title, text) => console.log(`\n>>> ${title}\n${text}`);
const firstText = (r) => (r.content.find((c) => c.type === "text") || {}).text || "";
const timeout = { timeout: 180000 };

function check(name, ok, detail) {
  result.steps[name] = ok;
  if (!ok) {
    console.error(`FAILED: ${name}: ${detail}`);
  }
}

const client = new Client({ name: "assay-interop-ts", version: "1.0.0" });
try {
  await client.connect(transport);
  const info = client.getServerVersion();
  show("initialize", `server ${info.name} ${info.version}; instructions: ${(client.getInstructions() || "").split("\n")[0]}`);
  check("initialize", info.name === "assay", JSON.stringify(info));

  const tools = await client.listTools();
  show("tools/list", tools.tools.map((t) => `${t.name}${t.annotations?.readOnlyHint ? " (read-only)" : ""}: ${t.description.split(". ")[0]}.`).join("\n"));
  check("listTools", tools.tools.length === 24, tools.tools.map((t) => t.name).join(","));

  const described = await client.callTool({ name: "describe_dataset", arguments: { dataset: "orders" } }, undefined, timeout);
  show("tools/call describe_dataset {dataset: orders}", firstText(described));
  check("describe", !described.isError && firstText(described).includes("order_date"), firstText(described));

  const sql = "SELECT order_date, count(*) AS orders, round(sum(total_amount), 2) AS revenue FROM orders "
    + "WHERE order_date BETWEEN DATE '2025-03-10' AND DATE '2025-03-18' GROUP BY order_date ORDER BY order_date";
  const query = await client.callTool({ name: "run_query", arguments: { sql } }, undefined, timeout);
  show(`tools/call run_query {sql: ${sql}}`, firstText(query));
  check("query", !query.isError && query.structuredContent?.rowCount === 9, firstText(query));

  const anomalies = await client.callTool({ name: "detect_anomalies", arguments: { dataset: "orders", time_column: "order_date", grain: "day", max_anomalies: 5 } },
    undefined, timeout);
  show("tools/call detect_anomalies {dataset: orders, time_column: order_date, grain: day, max_anomalies: 5}", firstText(anomalies));
  const ats = (anomalies.structuredContent?.anomalies || []).map((a) => a.at);
  check("anomalies", ats.includes("2025-03-14T00:00:00Z"), ats.join(","));

  const spike = await client.callTool({ name: "detect_anomalies", arguments: { dataset: "orders", measure: "total_amount", grain: "day",
    filter: [{ column: "order_date", op: ">=", value: "2025-07-01" }], breakdown: ["region", "channel"], max_anomalies: 3 } }, undefined, timeout);
  show("tools/call detect_anomalies {dataset: orders, measure: total_amount, grain: day, filter: order_date >= 2025-07-01, breakdown: [region, channel]}",
    firstText(spike));

  const chart = await client.callTool({ name: "make_chart", arguments: { sql: "SELECT order_date, count(*) AS orders FROM orders "
    + "WHERE order_date BETWEEN DATE '2025-02-01' AND DATE '2025-04-30' GROUP BY 1 ORDER BY 1", x: "order_date", y: ["orders"],
    title: "Daily orders, Feb-Apr 2025", image: true } }, undefined, timeout);
  const image = chart.content.find((c) => c.type === "image");
  const figure = chart.structuredContent?.figure;
  show("tools/call make_chart {x: order_date, y: [orders], image: true}",
    `figure: ${figure?.data?.length} trace(s), ${figure?.data?.[0]?.x?.length} points, layout.title "${figure?.layout?.title?.text}"; `
    + `image: ${image?.mimeType}, ${image ? Buffer.from(image.data, "base64").length : 0} bytes`);
  check("chart", !chart.isError && image?.mimeType === "image/png" && figure?.data?.length === 1, firstText(chart).slice(0, 200));

  const progress = [];
  const analysed = await client.callTool({ name: "analyze_dataset", arguments: { dataset: "products" } }, undefined,
    { ...timeout, onprogress: (p) => progress.push(p) });
  show("tools/call analyze_dataset {dataset: products} (with progress)",
    progress.map((p) => `  progress ${Math.round(p.progress)}${p.total ? "/" + p.total : ""} ${p.message || ""}`).join("\n") + "\n" + firstText(analysed));
  check("analyse", !analysed.isError && progress.length > 0, firstText(analysed));

  const bad = await client.callTool({ name: "run_query", arguments: { sql: "SELECT 1", max_rows: "ten" } }, undefined, timeout);
  show("tools/call run_query {max_rows: \"ten\"} (malformed)", `isError=${bad.isError}: ${firstText(bad)}`);
  check("malformed", bad.isError === true, firstText(bad));

  const templates = await client.listResourceTemplates();
  const resource = await client.readResource({ uri: "assay://datasets/orders/schema" });
  show("resources/read assay://datasets/orders/schema", `${templates.resourceTemplates.map((t) => t.uriTemplate).join(", ")}\n`
    + resource.contents[0].text.slice(0, 300) + " ...");
  check("resource", resource.contents[0].text.includes("order_date"), resource.contents[0].text.slice(0, 100));

  const prompts = await client.listPrompts();
  const prompt = await client.getPrompt({ name: "investigate_metric_change", arguments: { dataset: "orders", date: "2025-09-20" } });
  show("prompts/get investigate_metric_change", `${prompts.prompts.map((p) => p.name).join(", ")}\n${prompt.messages[0].content.text.split("\n")[0]}`);
  check("prompt", prompts.prompts.length === 3, prompts.prompts.map((p) => p.name).join(","));
} catch (e) {
  check("session", false, e && e.stack ? e.stack : String(e));
} finally {
  await client.close().catch(() => {});
}
const ok = Object.values(result.steps).every(Boolean);
console.log(`\nRESULT ${JSON.stringify({ ...result, ok })}`);
process.exit(ok ? 0 : 1);
