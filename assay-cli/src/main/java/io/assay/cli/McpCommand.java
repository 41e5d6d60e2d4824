package io.assay.cli;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.User;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import io.assay.server.mcp.AssayMcp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

@Command(name = "mcp", description = "Serve the Model Context Protocol over stdin/stdout, for an AI assistant (Claude Desktop, Claude Code, Cursor, ...) that "
        + "starts Assay itself. Logs go to stderr only; stdout carries the protocol. The caller is you, the operator of the data "
        + "directory, read-only: every dataset may be read and queried (one SELECT at a time), nothing imported, analysed or changed; "
        + "--as names a user to act with that user's role and dataset grants instead. "
        + "While `assay serve` runs on the same data directory, connect to its /mcp over HTTP instead (one process owns the files).")
final class McpCommand extends AssayCommand {

    @Option(names = "--as", paramLabel = "USER", description = "Act as this existing user (its role and grants) instead of the read-only local operator.")
    String as;

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
        // The protocol owns the real stdout; anything else that prints goes to stderr.
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        CountDownLatch closed = new CountDownLatch(1);
        InputStream in = new FilterInputStream(new FileInputStream(FileDescriptor.in)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    closed.countDown();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n < 0) {
                    closed.countDown();
                }
                return n;
            }
        };
        {
            Principal caller = as == null ? Principal.local() : user(ws, as);
            AssayMcp mcp = AssayMcp.stdio(ws, caller, in, protocol);
            Thread hook = new Thread(closed::countDown, "assay-mcp-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            System.err.println("Assay MCP server on stdio, as " + caller.name() + " (" + caller.role().id() + "); data in "
                    + ws.config().dataDir());
            closed.await();
            mcp.close();
            return 0;
        }
    }

    private static Principal user(Workspace ws, String name) {
        User u = ws.users().find(name).orElseThrow(() -> AssayException.of(ErrorCode.NOT_FOUND, "There is no user '" + name + "'.")
                .hint("Create it first (POST /api/v1/users on assay serve), or leave --as out to act as the local operator.")
                .detail("parameter", "--as").build());
        if (u.disabled()) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "The user '" + name + "' is disabled.").detail("parameter", "--as").build();
        }
        return Principal.user(u.name(), u.role());
    }
}
