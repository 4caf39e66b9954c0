package dev.pulmo.spark.internal;

import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.dataset.TreeListing;
import dev.pulmo.dataset.TreeReader;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A dataset tree on a Hadoop file system, as the per-image pipeline sees it: the tree's paths are {@link java.nio.file.Path}s
 * of the URI's path part (so findings name {@code /data/lung_cancer/…}, and a {@code file:} tree's findings are those of
 * the local command), mapped here onto the file system's own paths. Serializable: the driver hands it to every task with
 * the Hadoop configuration it was made with; the {@link FileSystem} itself is Hadoop's cached instance of each JVM.
 */
public final class HadoopTree implements Serializable {
    private static final long serialVersionUID = 1L;

    private final URI fileSystem;
    private transient Configuration conf;

    private HadoopTree(URI fileSystem, Configuration conf) {
        this.fileSystem = fileSystem;
        this.conf = conf;
    }

    /**
     * The file system of {@code tree} (a URI, or a path of the default file system, relative to the working folder),
     * and the tree's folder as a path of it.
     */
    public static Located locate(String tree, Configuration conf) {
        Configuration c = withRawLocal(conf);
        try {
            Path given = new Path(tree);
            FileSystem fs = given.getFileSystem(c);
            Path qualified = fs.makeQualified(given);
            URI uri = qualified.toUri();
            return new Located(new HadoopTree(new URI(uri.getScheme(), uri.getAuthority(), "/", null, null), c),
                    java.nio.file.Path.of(uri.getPath()));
        } catch (IOException e) {
            throw new UncheckedIOException(tree + ": " + e.getMessage(), e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(tree + ": " + e.getMessage(), e);
        }
    }

    /** A tree's file system and its folder there. */
    public record Located(HadoopTree tree, java.nio.file.Path folder) {
    }

    /**
     * The local file system without Hadoop's checksum layer: it would write a hidden {@code .crc} file next to every
     * output in the dataset tree, and look for one on every read.
     */
    private static Configuration withRawLocal(Configuration conf) {
        Configuration c = new Configuration(conf);
        if (c.get("fs.file.impl") == null) {
            c.setClass("fs.file.impl", RawLocalFileSystem.class, FileSystem.class);
        }
        c.setBoolean("fs.file.impl.disable.cache", false);
        return c;
    }

    /** The file system's URI, e.g. {@code hdfs://namenode:8020/} or {@code file:/}. */
    public URI uri() {
        return fileSystem;
    }

    public FileSystem fs() {
        try {
            return FileSystem.get(fileSystem, conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + fileSystem + ": " + e.getMessage(), e);
        }
    }

    /** The file system's path of a tree path. */
    public Path path(java.nio.file.Path p) {
        return new Path(fileSystem.getScheme(), fileSystem.getAuthority(), p.toString());
    }

    /** The scanner's view of the tree. */
    public TreeListing listing() {
        return new TreeListing() {
            @Override
            public List<Entry> list(java.nio.file.Path folder) throws IOException {
                FileStatus[] statuses = fs().listStatus(path(folder));
                List<Entry> entries = new ArrayList<>(statuses.length);
                for (FileStatus s : statuses) {
                    entries.add(new Entry(folder.resolve(s.getPath().getName()), HadoopTree.this.kind(s)));
                }
                return entries;
            }

            @Override
            public Kind kind(java.nio.file.Path p) {
                try {
                    return HadoopTree.this.kind(fs().getFileStatus(path(p)));
                } catch (FileNotFoundException e) {
                    return Kind.MISSING;
                } catch (IOException e) {
                    return Kind.OTHER;
                }
            }
        };
    }

    private TreeListing.Kind kind(FileStatus s) {
        if (s.isDirectory()) {
            return TreeListing.Kind.DIRECTORY;
        }
        FileSystem fs = fs();
        if (fs instanceof RawLocalFileSystem local) {
            // Hadoop's local status calls everything that is not a folder a file, a FIFO or device too, and reading
            // one can block forever: the local file system says what it really is
            java.io.File file = local.pathToFile(s.getPath());
            return Files.isRegularFile(file.toPath()) ? TreeListing.Kind.FILE
                    : Files.isDirectory(file.toPath()) ? TreeListing.Kind.DIRECTORY : TreeListing.Kind.OTHER;
        }
        return s.isFile() ? TreeListing.Kind.FILE : TreeListing.Kind.OTHER;
    }

    /**
     * The pipeline's reads. Files larger than {@code maxFileBytes} are refused, as by the local reader. An image is read
     * whole and its header parsed from memory: the pixel data's extent is measured against the bytes read, as the local
     * reader measures it against the file (a remote stream has no cheap random access).
     */
    public TreeReader reader(long maxFileBytes) {
        DicomReader headers = DicomReader.create().withStopBeforePixelData(true);
        return new TreeReader() {
            @Override
            public byte[] readAllBytes(java.nio.file.Path file) throws IOException {
                return HadoopTree.this.readAllBytes(path(file), maxFileBytes);
            }

            @Override
            public DicomFile readDicomHeader(java.nio.file.Path file) {
                byte[] bytes;
                try {
                    bytes = HadoopTree.this.readAllBytes(path(file), maxFileBytes);
                } catch (IOException e) {
                    throw new DicomException(file.toString(), DicomException.NO_OFFSET, DicomException.NO_TAG, "cannot open: " + e, e);
                }
                // named by file name, as the local reader names its source
                return headers.readOwned(bytes, file.getFileName().toString());
            }

            @Override
            public FileTime lastModified(java.nio.file.Path file) throws IOException {
                return FileTime.fromMillis(fs().getFileStatus(path(file)).getModificationTime());
            }
        };
    }

    private byte[] readAllBytes(Path file, long maxFileBytes) throws IOException {
        try (InputStream in = fs().open(file)) {
            // the streams of the local and HDFS clients report what is left of the file: one array of its size
            int hint = Math.max(0, in.available());
            if (hint > maxFileBytes) {
                throw new IOException(hint + " bytes, larger than the " + maxFileBytes + " a file of a dataset may have here");
            }
            byte[] bytes = new byte[Math.max(hint, 8192)];
            int n = 0;
            while (true) {
                if (n == bytes.length) {
                    if (bytes.length >= maxFileBytes) {
                        throw new IOException("larger than the " + maxFileBytes + " bytes a file of a dataset may have here");
                    }
                    bytes = Arrays.copyOf(bytes, (int) Math.min(maxFileBytes, Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length)));
                }
                int r = in.read(bytes, n, bytes.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return n == bytes.length ? bytes : Arrays.copyOf(bytes, n);
        }
    }

    /**
     * Removes the temporary files that killed writers left in {@code folder}, as {@code pulmo convert} does, when the tree
     * is on the local file system: whether a writer is still running is told by its process id, which only means
     * something on the machine it ran on. On other file systems leftovers stay (validate reports them).
     */
    public void removeLeftovers(java.nio.file.Path folder) {
        if (fs() instanceof RawLocalFileSystem local) {
            AtomicFiles.removeLeftovers(local.pathToFile(path(folder)).toPath());
        }
    }

    /**
     * A hidden temporary file's path next to {@code target}, named as {@link AtomicFiles#temporaryName} names them (so
     * {@link #removeLeftovers} and {@code pulmo validate} recognise it when a killed process leaves it); not created.
     */
    public Path temporaryNextTo(java.nio.file.Path target) {
        Path to = path(target);
        return new Path(to.getParent(), AtomicFiles.temporaryName(to.getName()));
    }

    /**
     * Writes {@code target} atomically: a hidden temporary file in its folder ({@link AtomicFiles#temporaryName}, so
     * {@code pulmo validate} reports what a killed task leaves and {@code pulmo convert} removes it), then a rename over
     * the target. A replaced file keeps its permissions. The temporary file is removed when anything fails, so a failed
     * or retried task leaves the old file or the complete new one, never a part, and no second copy.
     *
     * @throws IOException when writing or renaming fails; the target is then unchanged
     */
    public void writeAtomically(java.nio.file.Path target, AtomicFiles.ContentWriter content) throws IOException {
        FileSystem fs = fs();
        Path to = path(target);
        Path tmp = temporaryNextTo(target);
        boolean done = false;
        try {
            FileStatus existing = null;
            try {
                existing = fs.getFileStatus(to);
            } catch (FileNotFoundException e) {
                // a new file: the mode the file system gives new files
            }
            if (existing != null && existing.isDirectory()) {
                // a rename onto a folder would move the file into it (Hadoop's rename semantics) and call it done
                throw new IOException("is a folder");
            }
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                content.writeTo(out);
            }
            if (existing != null) {
                fs.setPermission(tmp, existing.getPermission());
            }
            if (fs instanceof RawLocalFileSystem) {
                // rename(2) replaces the target atomically; FileContext's OVERWRITE would delete it first here
                if (!fs.rename(tmp, to)) {
                    throw new IOException("cannot rename " + tmp + " to " + to);
                }
            } else {
                FileContext.getFileContext(fileSystem, conf).rename(tmp, to, Options.Rename.OVERWRITE);
            }
            done = true;
        } finally {
            if (!done) {
                try {
                    fs.delete(tmp, false);
                } catch (IOException | RuntimeException ignored) {
                    // already failing; a leftover temporary file is reported by validate
                }
            }
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            conf.write(data);
        }
        out.writeObject(bytes.toByteArray());
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Configuration c = new Configuration(false);
        try (DataInputStream data = new DataInputStream(new ByteArrayInputStream((byte[]) in.readObject()))) {
            c.readFields(data);
        }
        conf = c;
    }
}
