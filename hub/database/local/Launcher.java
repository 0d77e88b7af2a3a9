import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.Version;

/**
 * Runs the hub's local Neo4j: an embedded DBMS serving Bolt until SIGTERM.
 *
 * <p>Usage: {@code java -cp <classpath> Launcher.java <neo4j-home> <host> <port> <pagecache> <tx-memory>},
 * with the password of user {@code neo4j} in the environment variable {@code HUB_NEO4J_PASSWORD}. A
 * transaction that needs more than {@code tx-memory} fails alone, at once, instead of starving the others. Prints one
 * {@code READY} line once Bolt is served, or one {@code FATAL} line on stderr and exits with status 1.
 */
public final class Launcher {
    private static final String PASSWORD_VARIABLE = "HUB_NEO4J_PASSWORD";
    private static final long START_TIMEOUT_MS = 600_000;
    private static final String SAME_PASSWORD = "Old password and new password cannot be the same";

    public static void main(String[] args) {
        if (args.length != 5) {
            fail("usage: Launcher.java <neo4j-home> <host> <port> <pagecache> <tx-memory>");
        }
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password == null || password.isEmpty()) {
            fail("environment variable " + PASSWORD_VARIABLE + " is not set");
        }
        try {
            run(
                    Path.of(args[0]),
                    args[1],
                    Integer.parseInt(args[2]),
                    ByteUnit.parse(args[3]),
                    ByteUnit.parse(args[4]),
                    password);
        } catch (Throwable error) {
            fail(describe(error));
        }
    }

    private static void run(Path home, String host, int port, long pagecache, long txMemory, String password)
            throws InterruptedException {
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMemory)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "hub-neo4j-shutdown"));
        if (!dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(START_TIMEOUT_MS)) {
            fail("database " + GraphDatabaseSettings.DEFAULT_DATABASE_NAME + " did not become available");
        }
        setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
        System.out.println("READY Neo4j " + Version.getNeo4jVersion() + " on bolt://" + host + ":" + port);
        new CountDownLatch(1).await();
    }

    /** Sets the password of user neo4j, with no change required; keeping the same password is fine. */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException error) {
            if (!causedBy(error, SAME_PASSWORD)) {
                throw error;
            }
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    private static boolean causedBy(Throwable error, String text) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** One line naming the failure: the port in use, the store locked, or else the root cause. */
    private static String describe(Throwable error) {
        String kind = null;
        Throwable root = error;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String name = cause.getClass().getName();
            if (name.endsWith("BindException")) { // also Neo4j's PortBindException
                kind = "port in use";
            } else if (name.endsWith("FileLockException") && kind == null) {
                kind = "store locked";
            }
            root = cause;
        }
        String message = oneLine(String.valueOf(root.getMessage()));
        return kind != null ? kind + ": " + message : root.getClass().getSimpleName() + ": " + message;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    private static void fail(String message) {
        System.err.println("FATAL " + message);
        System.err.flush();
        System.exit(1);
    }
}
