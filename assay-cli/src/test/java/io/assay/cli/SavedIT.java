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
}
