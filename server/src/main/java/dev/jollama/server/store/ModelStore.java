package dev.jollama.server.store;

import dev.jollama.api.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Ollama's model store on disk: {@code manifests/<host>/<namespace>/<model>/<tag>} and {@code blobs/sha256-<hex>}.
 *
 * <p>Every file appears atomically (written to a temporary name, synced, renamed), a blob only once its content
 * hashes to its name, a manifest only once every blob it names is there. Changes that remove files (delete,
 * prune) and manifest writes take a lock shared by every jollama process on the store, so two servers on one
 * store never delete a blob the other is about to reference. Blobs a create in this JVM is still assembling are
 * pinned and survive deletes and prunes.
 */
public final class ModelStore {
    private static final Logger log = LoggerFactory.getLogger(ModelStore.class);

    /** Blobs younger than this may belong to a model another process is still writing; prune leaves them. */
    public static final Duration PRUNE_GRACE = Duration.ofHours(1);
    private static final String LOCK_FILE = ".jollama.lock";
    private static final String TEMP_PREFIX = ".tmp-";

    /** Lock and pins shared by every ModelStore of the same directory in this JVM. */
    private record Shared(ReentrantLock lock, Map<String, Integer> pins) {}

    private static final Map<Path, Shared> SHARED = new ConcurrentHashMap<>();

    private final Path root;
    private final Path manifests;
    private final Path blobs;
    private final Shared shared;

    public ModelStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.manifests = this.root.resolve("manifests");
        this.blobs = this.root.resolve("blobs");
        this.shared = SHARED.computeIfAbsent(this.root, k -> new Shared(new ReentrantLock(), new ConcurrentHashMap<>()));
    }

    public Path root() {
        return root;
    }

    public Path blobsDir() {
        return blobs;
    }

    // ---- blobs ----

    /** The file of a blob; the digest is validated first, so the path is always inside blobs/. */
    public Path blobPath(String digest) {
        return blobs.resolve(Digests.fileName(digest));
    }

    public boolean hasBlob(String digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    /** A stored blob: its digest, size, and whether it was already there before. */
    public record BlobResult(String digest, long size, boolean existed) {}

    /** Writes a blob's content to the stream it is given. */
    public interface BlobContent {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Stores a stream as a blob. With {@code expectedDigest} the content must hash to it, else nothing is kept
     * and a {@link StoreErrors.DigestMismatchException} says what it hashed to.
     */
    public BlobResult putBlob(InputStream in, String expectedDigest) throws IOException {
        return putBlob(out -> in.transferTo(out), expectedDigest, null);
    }

    /**
     * Stores what {@code content} writes as a blob, named by its digest (checked against {@code expectedDigest} if
     * given). With {@code pins}, the blob is pinned in the same step that makes it visible, so no delete can slip in
     * between.
     */
    public BlobResult putBlob(BlobContent content, String expectedDigest, Pins pins) throws IOException {
        if (expectedDigest != null) expectedDigest = Digests.normalize(expectedDigest);
        Files.createDirectories(blobs);
        Path temp = blobs.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            MessageDigest sha = sha256();
            long size;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                HashingOutput out = new HashingOutput(new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 20), sha);
                content.writeTo(out);
                out.flush();
                size = out.count;
                ch.force(true);
            }
            String digest = Digests.of(sha.digest());
            if (expectedDigest != null && !expectedDigest.equals(digest)) {
                throw new StoreErrors.DigestMismatchException(expectedDigest, digest);
            }
            Path target = blobPath(digest);
            boolean existed = locked(() -> {
                boolean there = Files.isRegularFile(target);
                if (there) touch(target);
                else moveAtomically(temp, target);
                if (pins != null) pins.add(digest);
                return there;
            });
            return new BlobResult(digest, size, existed);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Counts and hashes what passes through. */
    private static final class HashingOutput extends java.io.FilterOutputStream {
        private final MessageDigest sha;
        long count;

        HashingOutput(OutputStream out, MessageDigest sha) {
            super(out);
            this.sha = sha;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sha.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sha.update(b, off, len);
            count += len;
        }
    }

    public BlobResult putBlob(byte[] content) {
        return putBlob(content, null);
    }

    public BlobResult putBlob(byte[] content, Pins pins) {
        try {
            return putBlob(out -> out.write(content), null, pins);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes a finished file (a download) the blob {@code digest}, atomically, if its content hashes to it: {@code
     * actual} is the digest the caller computed while writing the file, or null to have it hashed here. On a
     * mismatch the file stays where it is and a {@link StoreErrors.DigestMismatchException} says what it hashed to.
     */
    public void commitBlob(Path file, String digest, String actual) throws IOException {
        digest = Digests.normalize(digest);
        if (actual == null) {
            MessageDigest sha = sha256();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(1 << 20);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                while (ch.read(buf) >= 0) {
                    sha.update(buf.flip());
                    buf.clear();
                }
            }
            actual = Digests.of(sha.digest());
        }
        if (!actual.equals(digest)) throw new StoreErrors.DigestMismatchException(digest, actual);
        Path target = blobPath(digest);
        locked(() -> {
            if (Files.isRegularFile(target)) {
                Files.delete(file);
                touch(target);
            } else {
                moveAtomically(file, target);
            }
            return null;
        });
    }

    public byte[] readBlob(String digest) throws IOException {
        return Files.readAllBytes(blobPath(digest));
    }

    /** Marks a blob as in use now (as Ollama does on reuse), so prunes in other processes give it the grace period. */
    public void touch(String digest) throws IOException {
        touch(blobPath(digest));
    }

    private static void touch(Path p) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
    }

    /** A new, empty set of pins on this store; close it to release them. */
    public Pins pins() {
        return new Pins();
    }

    /**
     * Blobs a piece of work in this JVM is about to reference (a create assembling its layers): deletes and prunes
     * leave them alone until {@link #close()}.
     */
    public final class Pins implements AutoCloseable {
        private final List<String> held = new ArrayList<>();

        private Pins() {}

        /** Pins a blob; call while holding the store lock, or for a blob already referenced by a manifest. */
        public synchronized void add(String digest) {
            String d = Digests.normalize(digest);
            shared.pins.merge(d, 1, Integer::sum);
            held.add(d);
        }

        /** Pins an existing blob and marks it as used now, under the store lock; false when it is not there. */
        public boolean addExisting(String digest) {
            return locked(() -> {
                if (!hasBlob(digest)) return false;
                touch(digest);
                add(digest);
                return true;
            });
        }

        @Override
        public synchronized void close() {
            for (String d : held) shared.pins.computeIfPresent(d, (k, v) -> v == 1 ? null : v - 1);
            held.clear();
        }
    }

    // ---- manifests ----

    private Path manifestPath(ModelName name) {
        if (!name.isValid()) throw new IllegalArgumentException("invalid model name");
        return manifests.resolve(name.host()).resolve(name.namespace()).resolve(name.model()).resolve(name.tag());
    }

    /** The manifest of exactly this name (no case folding), if there is one. */
    public Optional<StoredManifest> find(ModelName name) {
        Path p = manifestPath(name);
        byte[] bytes;
        Instant modified;
        try {
            bytes = Files.readAllBytes(p);
            modified = Files.getLastModifiedTime(p).toInstant();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (Files.isDirectory(p)) return Optional.empty();
            throw new UncheckedIOException(e);
        }
        return Optional.of(new StoredManifest(name, parseManifest(name, bytes), HexFormat.of().formatHex(sha256().digest(bytes)), modified));
    }

    /** The manifest of this name, case-insensitively, or a {@link StoreErrors.ModelNotFoundException}. */
    public StoredManifest require(ModelName name) {
        return find(resolve(name)).orElseThrow(() -> new StoreErrors.ModelNotFoundException(name));
    }

    private static Manifest parseManifest(ModelName name, byte[] bytes) {
        Manifest m;
        try {
            m = Json.mapper().readValue(bytes, Manifest.class);
        } catch (IOException e) {
            throw new StoreErrors.CorruptManifestException("manifest of " + name + " is not valid JSON: " + e.getMessage(), e);
        }
        for (String d : m.digests()) {
            if (!Digests.isValid(d)) throw new StoreErrors.CorruptManifestException("manifest of " + name + " has an invalid digest", null);
        }
        if (m.config() != null && m.config().digest() != null && !m.config().digest().isEmpty() && !Digests.isValid(m.config().digest())) {
            throw new StoreErrors.CorruptManifestException("manifest of " + name + " has an invalid config digest", null);
        }
        return m;
    }

    /** Every model in the store; invalid names and corrupt manifests are skipped with a warning. */
    public List<StoredManifest> list() {
        List<StoredManifest> out = new ArrayList<>();
        for (ModelName n : names()) {
            try {
                find(n).ifPresent(out::add);
            } catch (RuntimeException e) {
                log.warn("skipping bad manifest {}: {}", n, e.getMessage());
            }
        }
        return out;
    }

    /** The names of all manifest files (manifests/*&#47;*&#47;*&#47;*) that form valid names. */
    public List<ModelName> names() {
        List<ModelName> out = new ArrayList<>();
        for (Path host : children(manifests)) {
            for (Path ns : children(host)) {
                for (Path model : children(ns)) {
                    for (Path tag : children(model)) {
                        if (!Files.isRegularFile(tag)) continue;
                        ModelName n = ModelName.fromPathParts(host.getFileName().toString(), ns.getFileName().toString(),
                                model.getFileName().toString(), tag.getFileName().toString());
                        if (n != null) out.add(n);
                    }
                }
            }
        }
        return out;
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) out.add(p);
        } catch (IOException e) {
            log.warn("cannot read {}: {}", dir, e.getMessage());
        }
        out.sort(null);
        return out;
    }

    /**
     * Ollama's case-insensitive lookup: a name equal to an existing one but for case becomes that one; otherwise
     * each part takes the spelling an existing model uses for it, so one model never has two directories.
     */
    public ModelName resolve(ModelName name) {
        List<ModelName> existing = names();
        for (ModelName e : existing) {
            if (e.equalsIgnoreCase(name)) return e;
        }
        String host = name.host(), ns = name.namespace(), model = name.model(), tag = name.tag();
        for (ModelName e : existing) {
            if (e.host().equalsIgnoreCase(host)) host = e.host();
            if (e.namespace().equalsIgnoreCase(ns)) ns = e.namespace();
            if (e.model().equalsIgnoreCase(model)) model = e.model();
            if (e.tag().equalsIgnoreCase(tag)) tag = e.tag();
        }
        return name.withParts(host, ns, model, tag);
    }

    /**
     * Writes a manifest atomically, once every blob it names is in the store; a missing one is a
     * {@link StoreErrors.MissingBlobException} and nothing is written.
     */
    public void writeManifest(ModelName name, Manifest manifest) {
        byte[] bytes = StoreJson.encode(manifest);
        locked(() -> {
            for (String d : manifest.digests()) {
                if (!hasBlob(d)) throw new StoreErrors.MissingBlobException(d);
            }
            writeAtomically(manifestPath(name), bytes);
            return null;
        });
    }

    /**
     * Writes manifest bytes as they are (a pulled manifest keeps the registry's bytes, so its digest is the
     * registry's), atomically, once they parse and every blob they name is in the store.
     */
    public void writeManifest(ModelName name, byte[] bytes) {
        Manifest manifest = parseManifest(name, bytes);
        locked(() -> {
            for (String d : manifest.digests()) {
                if (!hasBlob(d)) throw new StoreErrors.MissingBlobException(d);
            }
            writeAtomically(manifestPath(name), bytes);
            return null;
        });
    }

    /** The bytes of the manifest file of exactly this name, if there is one (what a push sends). */
    public Optional<byte[]> readManifest(ModelName name) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(manifestPath(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Copies a manifest (not its blobs, which are shared). False when the source does not exist. */
    public boolean copy(ModelName source, ModelName destination) {
        return locked(() -> {
            Path src = manifestPath(source);
            Path dst = manifestPath(destination);
            if (!Files.isRegularFile(src)) return false;
            if (src.equals(dst)) return true;
            writeAtomically(dst, Files.readAllBytes(src));
            return true;
        });
    }

    /**
     * Removes a model: its manifest, the directories that leaves empty, and every blob no other manifest (and no
     * create in progress here) uses.
     */
    public void delete(ModelName name) {
        locked(() -> {
            StoredManifest m = find(name).orElseThrow(() -> new StoreErrors.ModelNotFoundException(name));
            Path file = manifestPath(name);
            Files.delete(file);
            pruneEmptyDirs(file.getParent(), manifests);
            removeUnreferenced(m.manifest().digests());
            return null;
        });
    }

    /** Deletes the given blobs unless another manifest or a pin still uses them; caller holds the lock. */
    private void removeUnreferenced(Collection<String> candidates) throws IOException {
        Set<String> inUse = referencedDigests();
        for (String d : candidates) {
            if (inUse.contains(d)) continue;
            if (Files.deleteIfExists(blobPath(d))) log.debug("removed unused blob {}", d);
        }
    }

    /** Removes the old manifest's layers a replaced model no longer needs (Ollama's RemoveLayers after create/pull). */
    public void removeUnusedLayers(Manifest old) {
        locked(() -> {
            removeUnreferenced(old.digests());
            return null;
        });
    }

    private Set<String> referencedDigests() {
        Set<String> inUse = new HashSet<>(shared.pins.keySet());
        for (StoredManifest sm : list()) inUse.addAll(sm.manifest().digests());
        return inUse;
    }

    /** Outcome of {@link #prune()}. */
    public record PruneResult(boolean skipped, int blobsRemoved) {}

    /**
     * Ollama's start-up clean-up: legacy "sha256:" blob names renamed; unless a manifest is corrupt, blobs no
     * manifest references and stray files (interrupted writes) older than {@link #PRUNE_GRACE} removed, then empty
     * manifest directories.
     */
    public PruneResult prune() {
        return locked(() -> {
            fixLegacyBlobNames();
            for (ModelName n : names()) {
                try {
                    find(n);
                } catch (RuntimeException e) {
                    log.warn("corrupt manifests detected, skipping prune operation. Re-pull or delete to clear: {}", e.getMessage());
                    return new PruneResult(true, 0);
                }
            }
            Set<String> inUse = referencedDigests();
            Instant cutoff = Instant.now().minus(PRUNE_GRACE);
            int removed = 0;
            for (Path p : children(blobs)) {
                if (!Files.isRegularFile(p)) continue;
                if (Files.getLastModifiedTime(p).toInstant().isAfter(cutoff)) continue;
                String digest = Digests.fromFileName(p.getFileName().toString());
                if (digest == null || !inUse.contains(digest)) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
            removeStaleManifestTemps(cutoff);
            pruneEmptyDirs(manifests);
            log.info("total unused blobs removed: {}", removed);
            return new PruneResult(false, removed);
        });
    }

    private void fixLegacyBlobNames() throws IOException {
        for (Path p : children(blobs)) {
            String n = p.getFileName().toString();
            if (n.startsWith("sha256:")) {
                Path fixed = p.resolveSibling("sha256-" + n.substring(7));
                Files.move(p, fixed, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void removeStaleManifestTemps(Instant cutoff) throws IOException {
        if (!Files.isDirectory(manifests)) return;
        try (var walk = Files.walk(manifests, 4)) {
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p) && p.getFileName().toString().startsWith(TEMP_PREFIX)
                        && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Removes empty directories below {@code dir} (not dir itself if it is the manifests root). */
    private void pruneEmptyDirs(Path dir) throws IOException {
        for (Path child : children(dir)) {
            if (Files.isDirectory(child, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                pruneEmptyDirs(child);
                try {
                    Files.delete(child);
                } catch (java.nio.file.DirectoryNotEmptyException ignored) {
                    // still holds models
                }
            }
        }
    }

    /** Walks up from {@code dir} removing empty directories, stopping below {@code top}. */
    private static void pruneEmptyDirs(Path dir, Path top) throws IOException {
        for (Path d = dir; d != null && d.startsWith(top) && !d.equals(top); d = d.getParent()) {
            try {
                Files.delete(d);
            } catch (java.nio.file.DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            }
        }
    }

    // ---- helpers ----

    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** An operation on the store that may throw an IOException. */
    public interface StoreAction<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding the store lock, against other threads and other processes. */
    public <T> T locked(StoreAction<T> action) {
        if (shared.lock.isHeldByCurrentThread()) {
            try {
                return action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        shared.lock.lock();
        try {
            Files.createDirectories(root);
            try (FileChannel ch = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return action.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            shared.lock.unlock();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
