package io.assay.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code assay saved}: save, list, show, run and delete a query from the terminal, under the rules of {@code assay query}. */
class SavedIT {

    @TempDir
    Path dir;

    @Test
    void savesListsShowsRunsAndDeletes() throws Exception {
        Cli cli = new Cli(dir);
        Path file = dir.resolve("fruit.csv");
        Files.writeString(file, "fruit,kg\napple,3\npear,5\napple,4\n");
        assertThat(cli.run("import", file.toString()).status()).isZero();

        Cli.Result saved = cli.run("saved", "save", "kilos per fruit", "SELECT fruit, sum(kg) AS kg FROM fruit GROUP BY 1 ORDER BY 1",
                "--description", "what we hold");
        assertThat(saved.status()).as(saved.toString()).isZero();
        Matcher m = Pattern.compile("as (\\S+)").matcher(saved.out());
        assertThat(m.find()).as(saved.out()).isTrue();
        String id = m.group(1);

        assertThat(cli.run("saved", "list").out()).contains(id).contains("kilos per fruit").contains("what we hold");
        assertThat(cli.run("saved", "show", id).out()).contains("SELECT fruit, sum(kg)");
        Cli.Result ran = cli.run("saved", "run", id);
        assertThat(ran.status()).as(ran.toString()).isZero();
        assertThat(ran.out()).contains("apple").contains("7").contains("pear").contains("5");

        assertThat(cli.run("saved", "delete", id).status()).isZero();
        Cli.Result gone = cli.run("saved", "run", id);
        assertThat(gone.status()).isEqualTo(3);
        assertThat(gone.err()).contains("no saved query").contains(id);
    }

    @Test
    void savesAndRunsAQueryWithTypedParameters() throws Exception {
        Cli cli = new Cli(dir);
        Path file = dir.resolve("sales.csv");
        Files.writeString(file, "region,day,amount\nNorth,2025-01-05,10\nNorth,2025-02-10,21\nSouth,2025-01-20,7\nSouth,2025-03-01,30\n");
        assertThat(cli.run("import", file.toString()).status()).isZero();

        Cli.Result saved = cli.run("saved", "save", "sales by region", "SELECT region, sum(amount) AS total FROM sales "
                        + "WHERE ({{region}} IS NULL OR region = {{region}}) AND day >= {{from}} GROUP BY 1 ORDER BY 1",
                "--param", "region:text", "--param", "from:date=2025-01-01");
        assertThat(saved.status()).as(saved.toString()).isZero();
        Matcher m = Pattern.compile("as (\\S+)").matcher(saved.out());
        assertThat(m.find()).as(saved.out()).isTrue();
        String id = m.group(1);
        assertThat(cli.run("saved", "list").out()).contains("region:text from:date=2025-01-01");
        assertThat(cli.run("saved", "show", id).out()).contains("-- --param region:text\n-- --param from:date=2025-01-01\nSELECT region");

        Cli.Result south = cli.run("saved", "run", id, "-p", "region=South");
        assertThat(south.status()).as(south.toString()).isZero();
        assertThat(south.out()).contains("South").contains("37").doesNotContain("North");
        // Left out, the optional region is NULL: every region.
        assertThat(cli.run("saved", "run", id).out()).contains("North").contains("31").contains("South").contains("37");
        assertThat(cli.run("saved", "run", id, "-p", "from=2025-02-01").out()).contains("21").contains("30").doesNotContain("31");
        assertThat(cli.run("saved", "run", id, "-p", "region=North' OR 'x'='x").out()).doesNotContain("North").doesNotContain("South");

        Cli.Result badDate = cli.run("saved", "run", id, "-p", "from=yesterday");
        assertThat(badDate.status()).isEqualTo(2);
        assertThat(badDate.err()).contains("'from' is a date").contains("'yesterday'");
        Cli.Result unknown = cli.run("saved", "run", id, "--param", "regoin=North");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("no parameter 'regoin'").contains("region, from");
        Cli.Result undeclared = cli.run("saved", "save", "undeclared", "SELECT * FROM sales WHERE region = {{region}}");
        assertThat(undeclared.status()).isEqualTo(2);
        assertThat(undeclared.err()).contains("{{region}}").contains("no parameter 'region' is declared");
        Cli.Result badType = cli.run("saved", "save", "bad type", "SELECT {{n}}", "--param", "n:integer");
        assertThat(badType.status()).isEqualTo(2);
        assertThat(badType.err()).contains("the types are text, number, date and boolean");
        Cli.Result badSyntax = cli.run("saved", "save", "bad syntax", "SELECT {{n}}", "--param", "n");
        assertThat(badSyntax.status()).isEqualTo(2);
        assertThat(badSyntax.err()).contains("NAME:TYPE[:required][=DEFAULT]");

        Cli.Result required = cli.run("saved", "save", "top", "SELECT * FROM sales WHERE amount >= {{min}} ORDER BY amount",
                "--param", "min:number:required");
        Matcher r = Pattern.compile("as (\\S+)").matcher(required.out());
        assertThat(r.find()).as(required.toString()).isTrue();
        Cli.Result without = cli.run("saved", "run", r.group(1));
        assertThat(without.status()).isEqualTo(2);
        assertThat(without.err()).contains("'min' (number) needs a value");
        assertThat(cli.run("saved", "run", r.group(1), "-p", "min=21").out()).contains("21").contains("30").doesNotContain("2025-01-05");
    }
}
