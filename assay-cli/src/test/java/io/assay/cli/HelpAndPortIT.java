package io.assay.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a newcomer tries first: {@code assay COMMAND --help} for every command (listed from picocli's own model, so a
 * new command is covered without touching this test), descriptions that read as whole sentences, and a clear answer
 * when the port the server should take is taken.
 */
class HelpAndPortIT {

    @TempDir
    Path dir;

    /** Every command below {@code assay}, at any depth, as the words that name it. */
    private static List<List<String>> commands(CommandLine cmd, List<String> path, List<List<String>> into) {
        // An alias maps to the same CommandLine again: each command once.
        for (CommandLine sub : new java.util.LinkedHashSet<>(cmd.getSubcommands().values())) {
            List<String> p = new ArrayList<>(path);
            p.add(sub.getCommandName());
            into.add(p);
            commands(sub, p, into);
        }
        return into;
    }

    @Test
    void everyCommandAnswersHelpWithoutItsRequiredArguments() throws Exception {
        Cli cli = new Cli(dir);
        CommandLine root = new CommandLine(new Main());
        List<List<String>> commands = commands(root, List.of(), new ArrayList<>());
        assertThat(commands).as("the commands picocli knows").extracting(c -> String.join(" ", c))
                .contains("import", "analyze", "query", "describe", "delete", "rejects", "serve", "mcp", "connect add", "connect test");
        for (List<String> command : commands) {
            String name = "assay " + String.join(" ", command);
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(command);
                args.add(flag);
                Cli.Result help = cli.run(args.toArray(String[]::new));
                assertThat(help.status()).as(name + " " + flag + "\n" + help).isZero();
                assertThat(help.err()).as(name + " " + flag + " writes nothing to stderr").isEmpty();
                assertThat(help.out()).as(name + " " + flag).contains("Usage: " + name).doesNotContain("Missing required");
            }
        }
        assertThat(cli.dataDir()).as("help opens no data directory").doesNotExist();
    }

    @Test
    void descriptionsAreWholeSentencesThatPicocliWraps() {
        // Each description line picocli prints starts a new line, so one split across elements breaks mid-sentence.
        List<String> broken = new ArrayList<>();
        List<CommandSpec> specs = new ArrayList<>();
        collect(new CommandLine(new Main()), specs);
        for (CommandSpec spec : specs) {
            check(spec.qualifiedName(), spec.usageMessage().description(), broken);
            for (ArgSpec arg : spec.args()) {
                check(spec.qualifiedName() + " " + (arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName()
                        : arg.paramLabel()), arg.description(), broken);
            }
        }
        assertThat(broken).as("descriptions split into lines that do not end a sentence").isEmpty();
    }

    private static void collect(CommandLine cmd, List<CommandSpec> into) {
        into.add(cmd.getCommandSpec());
        new java.util.LinkedHashSet<>(cmd.getSubcommands().values()).forEach(sub -> collect(sub, into));
    }

    private static void check(String where, String[] lines, List<String> broken) {
        if (lines.length > 1) {
            Arrays.stream(lines).filter(l -> !l.isBlank() && !l.strip().replaceAll("(%n)+$", "").matches(".*[.:!?)]$"))
                    .forEach(l -> broken.add(where + ": \"" + l + "\""));
        }
    }

    @Test
    void aPortInUseSaysSoAndHowToChooseAnother() throws Exception {
        Cli cli = new Cli(dir);
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Cli.Result serve = cli.run("serve", "--port", String.valueOf(port));
            assertThat(serve.status()).as("a conflict, not a defect\n" + serve).isEqualTo(5);
            assertThat(serve.err()).as(serve.toString())
                    .contains("Port " + port + " on 127.0.0.1 is already in use")
                    .contains("--port").contains("server.port")
                    .doesNotContain("defect").doesNotContain("failed unexpectedly").doesNotContain("\tat ");
            assertThat(serve.out()).as("no address printed for a server that does not listen").doesNotContain("serving at");

            // The same from assay.yaml, and the hint's way out works: another port.
            Files.writeString(dir.resolve("assay.yaml"), "server:\n  port: " + port + "\n");
            Cli.Result fromConfig = cli.run("serve");
            assertThat(fromConfig.status()).as(fromConfig.toString()).isEqualTo(5);
            assertThat(fromConfig.err()).contains("Port " + port + " on 127.0.0.1 is already in use");
        }
    }
}
