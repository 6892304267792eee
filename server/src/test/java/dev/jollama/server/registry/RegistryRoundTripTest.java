package dev.jollama.server.registry;

import dev.jollama.api.ProgressResponse;
import dev.jollama.server.store.Manifest;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static dev.jollama.server.registry.RegistryTestSupport.Recorder;
import static dev.jollama.server.registry.RegistryTestSupport.SMALL_PARTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Push and pull against a real registry (docker-registry on loopback) behind {@link FaultProxy}: round trip,
 * cache hits, resume after a cut connection, a stalled part and a cancelled pull, a corrupted byte, unknown
 * models, the insecure rule, shared concurrent downloads, and pruning of replaced layers.
 */
class RegistryRoundTripTest {
    @TempDir
    static Path tmp;
    static LocalRegistry registry;
    static FaultProxy proxy;

    @BeforeAll
    static void startRegistry() throws Exception {
        proxy = new FaultProxy();
        registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")), "");
        proxy.upstreamPort = registry.port;
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) registry.close();
        if (proxy != null) proxy.close();
    }

    private static ModelStore newStore(String dir) {
        return new ModelStore(tmp.resolve(dir));
    }

    private static Registry registry(ModelStore store, TransferTuning tuning, boolean noPrune) {
        return new Registry(store, new RegistryClient(Credentials.NONE, null), tuning, noPrune);
    }

    private static ModelName name(String repoAndTag) {
        return ModelName.parse(proxy.authority() + "/" + repoAndTag);
    }

    private static void resetFaults() {
        proxy.cutAt.set(-1);
        proxy.stallAt.set(-1);
        proxy.flipOffset = -1;
    }

    @Test
    void pushDeletePullGivesTheSameModelAndASecondPullIsAllCacheHits() throws Exception {
        resetFaults();
        ModelStore store = newStore("roundtrip");
        ModelName name = name("team/stories:v1");
        Manifest created = RegistryTestSupport.createModel(store, name, RegistryTestSupport.stories(), "{{ .Prompt }}");
        byte[] manifestBytes = store.readManifest(name).orElseThrow();
        Registry reg = registry(store, TransferTuning.OLLAMA, false);

        Recorder push = new Recorder();
        reg.push(name, true, push);
        assertThat(push.statuses()).first().isEqualTo("retrieving manifest");
        assertThat(push.statuses()).endsWith("pushing manifest", "success");
        for (String d : created.digests()) assertThat(push.statuses()).contains("pushing " + d.substring(7, 19));

        List<byte[]> blobs = created.digests().stream().map(d -> read(store.blobPath(d))).toList();
        store.delete(name);
        assertThat(store.find(name)).isEmpty();
        for (String d : created.digests()) assertThat(store.hasBlob(d)).isFalse();

        Recorder pull = new Recorder();
        long served = proxy.blobBytes.get();
        reg.pull(name, true, pull);
        List<String> expected = Stream.concat(Stream.of("pulling manifest"),
                Stream.concat(created.layers().stream().map(l -> "pulling " + l.digest().substring(7, 19)),
                        Stream.of("pulling " + created.config().digest().substring(7, 19), "verifying sha256 digest", "writing manifest", "success"))).toList();
        assertThat(pull.statuses()).containsExactlyElementsOf(expected);
        assertThat(store.readManifest(name).orElseThrow()).isEqualTo(manifestBytes);
        for (int i = 0; i < blobs.size(); i++) assertThat(read(store.blobPath(created.digests().get(i)))).isEqualTo(blobs.get(i));
        assertThat(proxy.blobBytes.get() - served).as("blob bytes served").isGreaterThanOrEqualTo(created.totalSize());
        ProgressResponse last = pull.events.stream().filter(p -> p.digest() != null && p.digest().equals(created.layers().getFirst().digest()))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(last.completed()).isEqualTo(last.total()).isEqualTo(created.layers().getFirst().size());

        Recorder again = new Recorder();
        served = proxy.blobBytes.get();
        reg.pull(name, true, again);
        assertThat(proxy.blobBytes.get()).as("no blob fetched on the second pull").isEqualTo(served);
        assertThat(again.statuses()).containsExactlyElementsOf(expected);
        for (ProgressResponse p : again.events) {
            if (p.digest() != null) assertThat(p.completed()).as(p.status()).isEqualTo(p.total());
        }
    }

    @Test
    void aCutConnectionResumesWhereItStoppedAndTheBlobIsVerified() throws Exception {
        resetFaults();
        byte[] big = RegistryTestSupport.randomBytes(3_000_000, 1);
        ModelStore source = newStore("cut-source");
        ModelName name = name("team/cut:latest");
        Manifest m = RegistryTestSupport.createModel(source, name, big, "cut");
        registry(source, SMALL_PARTS, false).push(name, true, new Recorder());

        ModelStore store = newStore("cut-dest");
        long before = proxy.blobBytes.get();
        proxy.cutAt.set(before + 1_234_567);
        registry(store, SMALL_PARTS, false).pull(name, true, new Recorder());
        assertThat(proxy.cuts.get()).isGreaterThanOrEqualTo(1);
        assertThat(read(store.blobPath(m.layers().getFirst().digest()))).isEqualTo(big);
        // every byte once, plus the one-byte probe per blob
        assertThat(proxy.blobBytes.get() - before).isLessThanOrEqualTo(m.totalSize() + m.digests().size());
        assertNoPartials(store);
    }

    @Test
    void aStalledPartIsRestarted() throws Exception {
        resetFaults();
        byte[] big = RegistryTestSupport.randomBytes(1_500_000, 2);
        ModelStore source = newStore("stall-source");
        ModelName name = name("team/stall:latest");
        Manifest m = RegistryTestSupport.createModel(source, name, big, "stall");
        registry(source, SMALL_PARTS, false).push(name, true, new Recorder());

        ModelStore store = newStore("stall-dest");
        int stalls = proxy.stalls.get();
        proxy.stallAt.set(proxy.blobBytes.get() + 700_000);
        registry(store, RegistryTestSupport.QUICK_STALL, false).pull(name, true, new Recorder());
        assertThat(proxy.stalls.get()).isEqualTo(stalls + 1);
        assertThat(read(store.blobPath(m.layers().getFirst().digest()))).isEqualTo(big);
    }

    @Test
    void aCancelledPullResumesInARestartedServerFromThePartFiles() throws Exception {
        resetFaults();
        byte[] big = RegistryTestSupport.randomBytes(4_000_000, 3);
        ModelStore source = newStore("resume-source");
        ModelName name = name("team/resume:latest");
        Manifest m = RegistryTestSupport.createModel(source, name, big, "resume");
        registry(source, SMALL_PARTS, false).push(name, true, new Recorder());
        String digest = m.layers().getFirst().digest();

        ModelStore store = newStore("resume-dest");
        long before = proxy.blobBytes.get();
        // one part is held after 1 MB so the download cannot finish; the client goes away once 1 MB has arrived
        proxy.stallAt.set(before + 1_000_000);
        AtomicBoolean gone = new AtomicBoolean();
        assertThatThrownBy(() -> registry(store, SMALL_PARTS, false).pull(name, true, p -> {
            if (digest.equals(p.digest()) && p.completed() >= 1_000_000 && p.completed() < big.length) {
                gone.set(true);
                throw new IllegalStateException("client gone");
            }
        })).hasMessage("client gone");
        assertThat(gone).isTrue();
        Path blob = store.blobPath(digest);
        long saved = awaitSavedBytes(blob);
        assertThat(saved).as("bytes kept by the part files").isBetween(1L, (long) big.length - 1);
        assertThat(blob.resolveSibling(blob.getFileName() + "-partial")).exists();
        assertThat(store.find(name)).isEmpty();
        assertThat(store.hasBlob(digest)).isFalse();

        // a new Registry is a restarted server: it knows only the files
        long resumedFrom = proxy.blobBytes.get();
        Recorder r = new Recorder();
        registry(store, SMALL_PARTS, false).pull(name, true, r);
        assertThat(read(blob)).isEqualTo(big);
        long small = m.totalSize() - big.length;
        assertThat(proxy.blobBytes.get() - resumedFrom).as("second run fetched only what the part files lacked")
                .isLessThanOrEqualTo(big.length - saved + small + m.digests().size());
        ProgressResponse first = r.events.stream().filter(p -> digest.equals(p.digest())).findFirst().orElseThrow();
        assertThat(first.completed()).as("progress starts from the saved bytes").isGreaterThanOrEqualTo(saved);
        assertNoPartials(store);
    }

    /** The bytes the part state files of {@code blob} record, once they stop changing (the download has stopped). */
    private static long awaitSavedBytes(Path blob) throws Exception {
        long last = -1;
        for (int stable = 0; stable < 4; ) {
            Thread.sleep(100);
            long sum = 0;
            try (Stream<Path> s = Files.list(blob.getParent())) {
                for (Path p : s.filter(f -> f.getFileName().toString().matches(".*-partial-\\d+")).toList()) {
                    sum += dev.jollama.api.Json.mapper().readTree(p.toFile()).path("Completed").asLong();
                }
            }
            stable = sum == last ? stable + 1 : 0;
            last = sum;
        }
        return last;
    }

    @Test
    void aCorruptedByteFailsThePullWithADigestErrorAndLeavesNothing() throws Exception {
        resetFaults();
        byte[] big = RegistryTestSupport.randomBytes(600_000, 4);
        ModelStore source = newStore("corrupt-source");
        ModelName name = name("team/corrupt:latest");
        Manifest m = RegistryTestSupport.createModel(source, name, big, "corrupt");
        registry(source, SMALL_PARTS, false).push(name, true, new Recorder());

        ModelStore store = newStore("corrupt-dest");
        proxy.flipOffset = 300_000;
        try {
            String digest = m.layers().getFirst().digest();
            assertThatThrownBy(() -> registry(store, SMALL_PARTS, false).pull(name, true, new Recorder()))
                    .hasMessageStartingWith("digest mismatch, file must be downloaded again: want " + digest + ", got sha256:");
        } finally {
            proxy.flipOffset = -1;
        }
        assertThat(store.find(name)).isEmpty();
        assertThat(store.hasBlob(m.layers().getFirst().digest())).isFalse();
        assertNoPartials(store);
    }

    @Test
    void unknownModelsAndInsecureNamesGiveOllamasErrors() throws Exception {
        ModelStore store = newStore("errors");
        Registry reg = registry(store, SMALL_PARTS, false);
        Recorder r = new Recorder();
        assertThatThrownBy(() -> reg.pull(name("team/nothing:here"), true, r)).hasMessage("pull model manifest: file does not exist");
        assertThat(r.statuses()).containsExactly("pulling manifest");
        assertThatThrownBy(() -> reg.pull(ModelName.parse("http://" + proxy.authority() + "/team/x:y"), false, new Recorder()))
                .hasMessage("insecure protocol http");
        int closed;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        // Go's url.Error inside Ollama's message
        assertThatThrownBy(() -> reg.pull(ModelName.parse("127.0.0.1:" + closed + "/team/x:y"), true, new Recorder()))
                .hasMessage("pull model manifest: Get \"http://127.0.0.1:" + closed + "/v2/team/x/manifests/y\": dial tcp 127.0.0.1:" + closed
                        + ": connect: connection refused");
        assertThatThrownBy(() -> reg.pull(ModelName.parse("no-such-host.invalid/team/x:y"), true, new Recorder()))
                .hasMessage("pull model manifest: Get \"http://no-such-host.invalid/v2/team/x/manifests/y\": dial tcp: lookup no-such-host.invalid: no such host");
        Recorder p = new Recorder();
        assertThatThrownBy(() -> reg.push(name("team/absent:latest"), true, p)).hasMessageContaining("no such file or directory");
        assertThat(p.statuses()).containsExactly("retrieving manifest", "couldn't retrieve manifest");
    }

    @Test
    void concurrentPullsOfOneBlobShareOneDownload() throws Exception {
        resetFaults();
        byte[] big = RegistryTestSupport.randomBytes(3_000_000, 5);
        ModelStore source = newStore("shared-source");
        ModelName a = name("team/shared-a:latest"), b = name("team/shared-b:latest");
        Manifest ma = RegistryTestSupport.createModel(source, a, big, "a");
        Manifest mb = RegistryTestSupport.createModel(source, b, big, "b");
        Registry pusher = registry(source, SMALL_PARTS, false);
        pusher.push(a, true, new Recorder());
        pusher.push(b, true, new Recorder());

        ModelStore store = newStore("shared-dest");
        Registry reg = registry(store, SMALL_PARTS, false);
        long before = proxy.blobBytes.get();
        // two pulls of the same model and one of another that shares its big layer, all at once
        List<Recorder> recorders = List.of(new Recorder(), new Recorder(), new Recorder());
        List<ModelName> names = List.of(a, a, b);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> pulls = new java.util.ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                ModelName n = names.get(i);
                Recorder r = recorders.get(i);
                pulls.add(pool.submit(() -> {
                    reg.pull(n, true, r);
                    return null;
                }));
            }
            for (var f : pulls) f.get(); // rethrows a failed pull
        }
        for (Recorder r : recorders) assertThat(r.statuses()).last().isEqualTo("success");
        assertThat(store.readManifest(a)).contains(source.readManifest(a).orElseThrow());
        assertThat(store.readManifest(b)).contains(source.readManifest(b).orElseThrow());
        assertThat(read(store.blobPath(ma.layers().getFirst().digest()))).isEqualTo(big);
        long distinct = ma.totalSize() + mb.totalSize() - big.length;
        assertThat(proxy.blobBytes.get() - before).as("every distinct blob fetched once")
                .isLessThanOrEqualTo(distinct + ma.digests().size() + mb.digests().size());
        assertNoPartials(store);
    }

    @Test
    void replacingAModelRemovesTheLayersOnlyTheOldVersionUsedUnlessNoPrune() throws Exception {
        resetFaults();
        ModelStore source = newStore("prune-source");
        ModelName name = name("team/prune:latest");
        Registry pusher = registry(source, SMALL_PARTS, false);
        Manifest v1 = RegistryTestSupport.createModel(source, name, RegistryTestSupport.randomBytes(1000, 6), "v1");
        pusher.push(name, true, new Recorder());

        ModelStore store = newStore("prune-dest"), keep = newStore("prune-keep");
        registry(store, SMALL_PARTS, false).pull(name, true, new Recorder());
        registry(keep, SMALL_PARTS, true).pull(name, true, new Recorder());

        Manifest v2 = RegistryTestSupport.createModel(source, name, RegistryTestSupport.randomBytes(1000, 7), "v2");
        pusher.push(name, true, new Recorder());
        Recorder r = new Recorder();
        registry(store, SMALL_PARTS, false).pull(name, true, r);
        assertThat(r.statuses()).endsWith("writing manifest", "removing unused layers", "success");
        assertThat(store.hasBlob(v1.layers().getFirst().digest())).isFalse();
        assertThat(store.hasBlob(v1.layers().get(1).digest())).isFalse();
        for (String d : v2.digests()) assertThat(store.hasBlob(d)).isTrue();

        Recorder k = new Recorder();
        registry(keep, SMALL_PARTS, true).pull(name, true, k);
        assertThat(k.statuses()).doesNotContain("removing unused layers");
        assertThat(keep.hasBlob(v1.layers().getFirst().digest())).isTrue();
    }

    @Test
    void aLayerFromAnotherModelIsMountedNotUploaded() throws Exception {
        resetFaults();
        ModelStore store = newStore("mount");
        ModelName base = name("team/base:latest");
        Manifest m = RegistryTestSupport.createModel(store, base, RegistryTestSupport.randomBytes(400_000, 11), "base");
        Registry reg = registry(store, SMALL_PARTS, false);
        reg.push(base, true, new Recorder());

        // a model built on the pushed one: its weights layer says where it came from
        ModelName derived = name("other/derived:latest");
        var weights = m.layers().getFirst().withFrom(base.toString());
        var template = RegistryTestSupport.layer(store, dev.jollama.server.store.MediaTypes.TEMPLATE, "derived".getBytes());
        store.writeManifest(derived, Manifest.of(m.config(), List.of(weights, template)));
        int before = proxy.requests.size();
        Recorder r = new Recorder();
        reg.push(derived, true, r);
        List<String> requests = proxy.requests.subList(before, proxy.requests.size());
        String hex = weights.digest().substring(7);
        assertThat(requests).anyMatch(q -> q.startsWith("POST /v2/other/derived/blobs/uploads/?mount=sha256%3A" + hex + "&from=team%2Fbase "));
        assertThat(requests).noneMatch(q -> q.startsWith("PUT ") && q.contains(hex));
        ProgressResponse done = r.events.stream().filter(p -> weights.digest().equals(p.digest())).reduce((a, b) -> b).orElseThrow();
        assertThat(done.completed()).isEqualTo(done.total()).isEqualTo(weights.size());

        ModelStore dest = newStore("mount-dest");
        registry(dest, SMALL_PARTS, false).pull(derived, true, new Recorder());
        assertThat(read(dest.blobPath(weights.digest()))).isEqualTo(read(store.blobPath(weights.digest())));
    }

    private static void assertNoPartials(ModelStore store) throws Exception {
        try (Stream<Path> s = Files.list(store.blobsDir())) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(f -> f.contains("partial"))).isEmpty();
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
