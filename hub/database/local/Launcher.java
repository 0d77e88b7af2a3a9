import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
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
 * <p>Usage: {@code java -cp <classpath> Launcher <neo4j-home> <host> <port> <pagecache> <tx-memory> <password-digest>},
 * with the password of user {@code neo4j} in the environment variable {@code HUB_NEO4J_PASSWORD}. A
 * transaction that needs more than {@code tx-memory} fails alone, at once, instead of starving the others. Prints one
 * {@code READY} line once Bolt is served, or one {@code FATAL} line on stderr and exits with status 1.
 *
 * <p>Set for a quick restart: a checkpoint at least every {@code CHECKPOINT_EVERY} (so a crash replays little of the
 * transaction log), Bolt closed without Netty's quiet period on shutdown, and the password set only when it changed
 * (the first Cypher statement of a new JVM takes seconds), which a salted digest in {@code password-digest} tells.
 *
 * <p>Bolt keep-alive messages only while a result streams: with keep-alive for every request Neo4j hints a receive
 * timeout to its clients, and the Python driver then wraps every socket read in a timer of its own (about 60 us of
 * client CPU per statement). The hub bounds each statement with its request's budget instead.
 */
public final class Launcher {
    private static final String PASSWORD_VARIABLE = "HUB_NEO4J_PASSWORD";
    private static final long START_TIMEOUT_MS = 600_000;
    private static final String SAME_PASSWORD = "Old password and new password cannot be the same";
    private static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(15);
    private static final int CHECKPOINT_TRANSACTIONS = 10_000;
    private static final long CHECKPOINT_LOG_BYTES = ByteUnit.mebiBytes(32);
    private static final Duration BOLT_SHUTDOWN = Duration.ofSeconds(5);
    private static final int DIGEST_ROUNDS = 100_000;

    public static void main(String[] args) {
        if (args.length != 6) {
            fail("usage: Launcher <neo4j-home> <host> <port> <pagecache> <tx-memory> <password-digest>");
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
                    password,
                    Path.of(args[5]));
        } catch (Throwable error) {
            fail(describe(error));
        }
    }

    private static void run(
            Path home, String host, int port, long pagecache, long txMemory, String password, Path digest)
            throws InterruptedException, IOException {
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.connection_keep_alive_type, BoltConnector.KeepAliveRequestType.STREAMING)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMemory)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.check_point_interval_time, CHECKPOINT_EVERY)
                .setConfig(GraphDatabaseSettings.check_point_interval_tx, CHECKPOINT_TRANSACTIONS)
                .setConfig(GraphDatabaseSettings.check_point_interval_volume, CHECKPOINT_LOG_BYTES)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, BOLT_SHUTDOWN)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "hub-neo4j-shutdown"));
        if (!dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(START_TIMEOUT_MS)) {
            fail("database " + GraphDatabaseSettings.DEFAULT_DATABASE_NAME + " did not become available");
        }
        if (!matches(digest, password)) {
            setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
            remember(digest, password);
        }
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

    /** Whether the digest in {@code file} is of {@code password}: then it is set already. */
    private static boolean matches(Path file, String password) {
        try {
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(":");
            byte[] salt = HexFormat.of().parseHex(parts[0]);
            return MessageDigest.isEqual(derive(password, salt), HexFormat.of().parseHex(parts[1]));
        } catch (IOException | RuntimeException error) {
            return false;
        }
    }

    private static void remember(Path file, String password) throws IOException {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String text = HexFormat.of().formatHex(salt) + ":" + HexFormat.of().formatHex(derive(password, salt));
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static byte[] derive(String password, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, DIGEST_ROUNDS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException error) {
            throw new IllegalStateException(error);
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
