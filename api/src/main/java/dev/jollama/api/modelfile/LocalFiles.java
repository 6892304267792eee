package dev.jollama.api.modelfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The local files a FROM, ADAPTER or DRAFT names, as Ollama's client finds them: the path is expanded ({@code ~},
 * {@code ~user}, relative to the Modelfile's directory); a file stands for itself, a directory for the model
 * files in it (safetensors, PyTorch or GGUF weights plus their JSON configs and tokenizer).
 */
public final class LocalFiles {
    private LocalFiles() {}

    /** The absolute path a Modelfile value names. */
    public static Path expand(String value, Path modelfileDir) throws ModelfileException {
        if (value.startsWith("/") || value.startsWith("\\") || Paths.get(value).isAbsolute()) {
            return Paths.get(value).toAbsolutePath().normalize();
        }
        if (value.startsWith("~")) {
            String home;
            String rest;
            if (value.equals("~") || value.startsWith("~/")) {
                home = System.getProperty("user.home");
                rest = value.substring(1);
            } else {
                int slash = value.indexOf('/');
                String user = slash < 0 ? value.substring(1) : value.substring(1, slash);
                home = homeOf(user);
                rest = slash < 0 ? "" : value.substring(slash);
            }
            return Paths.get(home + rest).toAbsolutePath().normalize();
        }
        return modelfileDir.resolve(value).toAbsolutePath().normalize();
    }

    /** sha256 digests ("sha256:hex") of the files a path stands for, keyed by real path; null if it does not exist. */
    public static Map<Path, String> digests(Path path) throws IOException, ModelfileException {
        if (!Files.exists(path)) return null;
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            Path root = path.toRealPath();
            for (Path f : modelFiles(path)) {
                Path real = f.toRealPath();
                if (!real.startsWith(root)) throw new ModelfileException("insecure path: " + root.relativize(real));
                files.add(real);
            }
        } else {
            files.add(path.toRealPath());
        }
        return digestAll(files);
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buf); n > 0; n = in.read(buf)) md.update(buf, 0, n);
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /** Hashes on up to (cores - 1) threads, as Ollama does. */
    private static Map<Path, String> digestAll(List<Path> files) throws IOException {
        Map<Path, String> out = new LinkedHashMap<>();
        Semaphore slots = new Semaphore(Math.max(Runtime.getRuntime().availableProcessors() - 1, 1));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        return sha256(f);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (int i = 0; i < files.size(); i++) out.put(files.get(i), futures.get(i).get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        }
        return out;
    }

    /** Ollama's filesForModel: the first family of weights found, then configs and tokenizer files. */
    static List<Path> modelFiles(Path dir) throws IOException, ModelfileException {
        List<Path> files = new ArrayList<>();
        List<Path> st = glob(dir, "model*.safetensors");
        if (!st.isEmpty()) {
            files.addAll(st);
            files.addAll(globNested(dir, "model*.safetensors"));
        } else if (!(st = glob(dir, "consolidated*.safetensors")).isEmpty()) {
            files.addAll(st);
        } else if (!(st = glob(dir, "pytorch_model*.bin")).isEmpty()) {
            files.addAll(st);
        } else if (!(st = glob(dir, "consolidated*.pth")).isEmpty()) {
            files.addAll(st);
        } else if (!(st = glob(dir, "*.gguf")).isEmpty()) {
            files.addAll(st);
        } else if (!(st = glob(dir, "*.bin")).isEmpty()) {
            files.addAll(st);
        } else {
            throw new ModelfileException("no Modelfile or safetensors files found");
        }
        files.addAll(glob(dir, "*.json"));
        files.addAll(globNested(dir, "*.json"));
        files.addAll(glob(dir, "chat_template.jinja"));
        List<Path> tokenizer = glob(dir, "tokenizer.model");
        files.addAll(tokenizer.isEmpty() ? globNested(dir, "tokenizer.model") : tokenizer);
        return files;
    }

    private static List<Path> glob(Path dir, String pattern) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, pattern)) {
            for (Path p : ds) out.add(p);
        } catch (NoSuchFileException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    /** {@code dir/*}{@code /pattern}: one directory level down (Go's Glob has no recursive **). */
    private static List<Path> globNested(Path dir, String pattern) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path sub : ds) out.addAll(glob(sub, pattern));
        }
        out.sort(null);
        return out;
    }

    private static String homeOf(String user) throws ModelfileException {
        if (user.equals(System.getProperty("user.name"))) return System.getProperty("user.home");
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length >= 6 && f[0].equals(user)) return f[5];
            }
        } catch (IOException ignored) {
            // no passwd file: the user is unknown
        }
        throw new ModelfileException("failed to find user '" + user + "': user: unknown user " + user);
    }
}
