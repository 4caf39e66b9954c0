package dev.pulmo.spark;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code flaky:}, failing once in two places as a lost executor or connection
 * would: in the middle of writing one JSON file (after part of it is written), and when renaming another into place
 * (after other files of its series were written). The failures are unchecked, so they fail the task (Spark retries it)
 * rather than becoming a write finding. Reads can fail too, when a file is opened ({@link #failWhenOpening}). Static state: the executors of local[N,F] are threads of this JVM.
 */
public class FlakyFileSystem extends RawLocalFileSystem {
    static final AtomicInteger FAILURES = new AtomicInteger();
    static volatile String failWhileWriting;
    static volatile String failWhenRenaming;
    static final AtomicInteger RENAME_FAILURES_LEFT = new AtomicInteger();
    static volatile String failWhenOpening;
    static final AtomicInteger OPEN_FAILURES_LEFT = new AtomicInteger();

    @Override
    public URI getUri() {
        return URI.create("flaky:///");
    }

    @Override
    public String getScheme() {
        return "flaky";
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        FSDataOutputStream out = super.create(f, overwrite, bufferSize, replication, blockSize, progress);
        String target = failWhileWriting;
        if (target == null || !f.getName().startsWith("." + target + ".")) {
            return out;
        }
        failWhileWriting = null;
        return new FSDataOutputStream(new java.io.FilterOutputStream(out) {
            private int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > 100) {
                    FAILURES.incrementAndGet();
                    throw new IllegalStateException("injected: executor lost while writing " + f);
                }
                out.write(b, off, len);
                written += len;
            }
        }, null);
    }

    /** Statuses read under file: and handed back under flaky: (Hadoop's local status reads permissions from a file: URI). */
    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        RawLocalFileSystem plain = new RawLocalFileSystem();
        plain.setConf(getConf());
        FileStatus s = plain.getFileStatus(new Path("file", null, makeQualified(f).toUri().getPath()));
        return new FileStatus(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(), s.getModificationTime(),
                s.getAccessTime(), s.getPermission(), s.getOwner(), s.getGroup(), makeQualified(f));
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        if (dst.getName().equals(failWhenRenaming) && RENAME_FAILURES_LEFT.getAndDecrement() > 0) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("injected: executor lost before renaming " + src);
        }
        return super.rename(src, dst);
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        if (f.getName().equals(failWhenOpening) && OPEN_FAILURES_LEFT.getAndDecrement() > 0) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("injected: executor lost while opening " + f);
        }
        return super.open(f, bufferSize);
    }
}
