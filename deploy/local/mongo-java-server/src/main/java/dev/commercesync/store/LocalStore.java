package dev.commercesync.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The local MongoDB-wire store for development, tests and the benchmarks: mongo-java-server
 * on an H2 MVStore file (or in memory). Production runs a real MongoDB replica set.
 *
 * <pre>java -cp … dev.commercesync.store.LocalStore --port 27017 --file .local/store/data.mv [--memory]</pre>
 *
 * Two things the stock server lacks are added here:
 * <ul>
 *   <li>It reports wire version 13 (MongoDB 5.0): 1.47.0's own versions stop at 8, which the
 *       Node driver 7 refuses.</li>
 *   <li>Every write is committed to the file before it is acknowledged (the MVStore otherwise
 *       commits on a one-second timer, and a SIGKILL lost up to a second of acknowledged
 *       writes). Concurrent writers share one commit. The commit reaches the operating
 *       system's cache, not the disk: a killed store loses nothing, a lost machine may.</li>
 * </ul>
 */
public final class LocalStore {
  private static final Set<String> WRITES = Set.of(
      "insert", "update", "delete", "findandmodify", "findAndModify", "createIndexes", "dropIndexes",
      "drop", "dropDatabase", "create", "renameCollection");

  private static final Set<String> SCHEMA = Set.of(
      "createIndexes", "dropIndexes", "drop", "dropDatabase", "create", "renameCollection");

  private static final MongoVersion MONGODB_5_0 = new MongoVersion() {
    @Override
    public List<Integer> getVersionArray() {
      return List.of(5, 0, 0);
    }

    @Override
    public int getWireVersion() {
      return 13;
    }
  };

  /**
   * H2 backend whose writes are acknowledged only once committed to the file. One committer
   * thread commits whatever was written since its last commit, so concurrent writers share a
   * commit (group commit): a commit costs about as much for one write as for fifty.
   */
  static final class DurableH2Backend extends H2Backend {
    private final boolean commitEachWrite;
    /**
     * Index and collection changes run alone: 1.47.0 changes a collection's index list without
     * its lock, and an insert iterating that list meanwhile failed (ConcurrentModificationException,
     * seen when a service created its indexes while another wrote to the collection).
     */
    private final ReadWriteLock schema = new ReentrantReadWriteLock();
    private final Object commits = new Object();
    private long written;
    private long committed;
    private volatile boolean closed;

    DurableH2Backend(String file, boolean commitEachWrite) {
      super(file);
      this.commitEachWrite = commitEachWrite;
      if (commitEachWrite) {
        Thread committer = new Thread(this::commitLoop, "store-committer");
        committer.setDaemon(true);
        committer.start();
      }
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
      Lock held = SCHEMA.contains(command) ? schema.writeLock() : schema.readLock();
      Document reply;
      held.lock();
      try {
        reply = super.handleCommand(channel, database, command, query);
      } finally {
        held.unlock();
      }
      if (commitEachWrite && WRITES.contains(command)) {
        synchronized (commits) {
          long mine = ++written;
          commits.notifyAll();
          while (committed < mine && !closed) {
            try {
              commits.wait();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              break;
            }
          }
        }
      }
      return reply;
    }

    private void commitLoop() {
      while (!closed) {
        long upTo;
        synchronized (commits) {
          while (written == committed && !closed) {
            try {
              commits.wait();
            } catch (InterruptedException e) {
              return;
            }
          }
          upTo = written;
        }
        commit();
        synchronized (commits) {
          committed = upTo;
          commits.notifyAll();
        }
      }
    }

    @Override
    public void close() {
      super.close();
      synchronized (commits) {
        closed = true;
        commits.notifyAll();
      }
    }
  }

  /**
   * Dropped databases (every test run makes and drops many) leave their pages in the file:
   * past COMPACT_ABOVE_BYTES it is rewritten with only the live data before it is opened.
   */
  private static void compactIfLarge(Path path) throws java.io.IOException {
    if (!Files.exists(path) || Files.size(path) < COMPACT_ABOVE_BYTES) return;
    long before = Files.size(path);
    long started = System.nanoTime();
    org.h2.mvstore.MVStoreTool.compact(path.toString(), false);
    System.out.printf("compacted %s: %d MiB -> %d MiB in %d ms%n", path.getFileName(), before >> 20,
        Files.size(path) >> 20, (System.nanoTime() - started) / 1_000_000);
  }

  private static final long COMPACT_ABOVE_BYTES = 64L << 20;

  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 27017;
    String file = null;
    boolean memory = false;
    boolean commitEachWrite = true;
    int workers = 32;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--host" -> host = args[++i];
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--file" -> file = args[++i];
        case "--memory" -> memory = true;
        case "--threads" -> workers = Integer.parseInt(args[++i]);
        case "--commit-on-timer" -> commitEachWrite = false; // MVStore's own 1 s timer: for measuring only
        case "--help", "-h" -> {
          System.out.println("usage: LocalStore [--host 127.0.0.1] [--port 27017] (--file PATH | --memory)");
          return;
        }
        default -> {
          System.err.println("unknown option " + args[i] + " (see --help)");
          System.exit(2);
        }
      }
    }
    if (file == null && !memory) {
      System.err.println("give --file PATH (durable) or --memory");
      System.exit(2);
    }
    final AbstractMongoBackend backend;
    if (memory) {
      backend = new MemoryBackend();
    } else {
      Path path = Path.of(file).toAbsolutePath();
      Files.createDirectories(path.getParent());
      compactIfLarge(path);
      backend = new DurableH2Backend(path.toString(), commitEachWrite);
    }
    backend.version(MONGODB_5_0);
    MongoServer server = new MongoServer(backend);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown();
      backend.close(); // the H2 file is committed and closed: a SIGTERM loses nothing
      stopped.countDown();
    }, "store-shutdown"));
    // Writers wait for their commit on the thread that serves their connection: enough threads
    // that one waiting writer does not hold up the connections that share its thread.
    server.bind(new InetSocketAddress(host, port), 1, workers);
    System.out.println("local store listening on " + host + ":" + port + " (" + (memory ? "memory" : file) + ")");
    stopped.await();
  }
}
