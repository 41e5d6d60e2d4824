package io.assay.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code assay charts} and {@code assay dashboards}: the same saved charts and dashboards as REST and MCP, from the terminal. */
class ChartsIT {

    @TempDir
    Path dir;

    private static String id(Cli.Result r) {
        Matcher m = Pattern.compile("as (\\S+)").matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    @Test
    void savesListsAndRunsChartsAndDashboards() throws Exception {
        Cli cli = new Cli(dir);
        Path file = dir.resolve("sales.csv");
        Files.writeString(file, "day,region,amount\n2025-01-01,North,10\n2025-01-01,South,5\n2025-01-02,North,20\n2025-01-03,North,30\n");
        assertThat(cli.run("import", file.toString()).status()).isZero();

        Cli.Result saved = cli.run("charts", "save", "Daily North", "SELECT day, amount FROM sales WHERE region = {{region}}",
                "--param", "region:text=North", "--type", "line", "--x", "day", "--y", "amount", "--aggregation", "sum", "--color", "#1f77b4");
        assertThat(saved.status()).as(saved.toString()).isZero();
        String chart = id(saved);
        assertThat(cli.run("charts", "list", "--search", "north").out()).contains(chart, "Daily North", "line");
        Cli.Result kept = cli.run("charts", "run", chart);
        assertThat(kept.status()).as(kept.toString()).isZero();
        assertThat(kept.out()).contains("2025-01-03", "30");
        assertThat(kept.err()).contains("kept result");
        Cli.Result south = cli.run("charts", "run", chart, "-p", "region=South");
        assertThat(south.out()).contains("2025-01-01", "5").doesNotContain("2025-01-03");

        Cli.Result bad = cli.run("charts", "save", "bad", "SELECT day, amount FROM sales", "--x", "day", "--y", "amout");
        assertThat(bad.status()).isNotZero();
        assertThat(bad.err()).contains("spec.y", "amout");

        Path board = dir.resolve("board.json");
        Files.writeString(board, "{\"name\":\"Sales\",\"cards\":[{\"type\":\"chart\",\"x\":0,\"y\":0,\"w\":6,\"h\":4,\"chartId\":\"" + chart + "\"},"
                + "{\"type\":\"kpi\",\"x\":6,\"y\":0,\"w\":3,\"h\":2,\"chartId\":\"" + chart + "\",\"title\":\"Last day\"}],"
                + "\"filters\":[{\"name\":\"region\",\"type\":\"category\",\"parameter\":\"region\",\"default\":\"North\"}]}");
        Cli.Result made = cli.run("dashboards", "save", board.toString());
        assertThat(made.status()).as(made.toString()).isZero();
        String dash = id(made);
        assertThat(cli.run("dashboards", "list").out()).contains(dash, "Sales");
        Cli.Result ran = cli.run("dashboards", "run", dash);
        assertThat(ran.status()).as(ran.toString()).isZero();
        assertThat(ran.out()).contains("# Sales", "## Last day (kpi)", "amount: 30.0 (previous 20.0, change 10.0)");
        assertThat(cli.run("dashboards", "run", dash, "-f", "region=South").out()).contains("amount: 5.0");
    }
}
