package dev.jollama.server.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelStoreTest {
    @TempDir
    Path root;

    private ModelStore store() {
        return new ModelStore(root);
    }

    private Manifest manifestOf(ModelStore s, String... contents) {
        List<Layer> layers = new java.util.ArrayList<>();
        for (String c : contents) {
            var b = s.putBlob(c.getBytes(StandardCharsets.UTF_8));
            layers.add(new Layer(MediaTypes.SYSTEM, b.digest(), b.size(), null, null));
        }
        var config = s.putBlob("{}".getBytes(StandardCharsets.UTF_8));
        return Manifest.of(new Layer(MediaTypes.CONFIG, config.digest(), config.size(), null, null), layers);
    }

    @Test
    void digestsAreValidatedBeforeTheyNameAFile() {
        ModelStore s = store();
        String hex = "a".repeat(64);
        assertThat(s.blobPath("sha256:" + hex)).isEqualTo(root.resolve("blobs/sha256-" + hex));
        assertThat(s.blobPath("sha256-" + hex)).isEqualTo(root.resolve("blobs/sha256-" + hex));
        for (String bad : List.of("", "sha256:", "sha256:" + hex.toUpperCase(), "sha256:../" + hex.substring(3), "sha512:" + hex,
                "sha256:" + hex + "/", "sha256:" + hex + "\n", "../sha256-" + hex)) {
            assertThatThrownBy(() -> s.blobPath(bad)).as(bad).isInstanceOf(Digests.InvalidDigestException.class).hasMessage("invalid digest format");
        }
    }

    @Test
    void blobsAppearOnlyWhenComplete() throws IOException {
        ModelStore s = store();
        var r = s.putBlob(new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8)), null);
        assertThat(r.digest()).isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(r.existed()).isFalse();
        assertThat(s.putBlob("abc".getBytes(StandardCharsets.UTF_8)).existed()).isTrue();
        assertThatThrownBy(() -> s.putBlob(new ByteArrayInputStream("abd".getBytes(StandardCharsets.UTF_8)), r.digest()))
                .isInstanceOf(StoreErrors.DigestMismatchException.class);
        try (var files = Files.list(root.resolve("blobs"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("sha256-" + r.digest().substring(7));
        }
    }

    @Test
    void manifestsNeedTheirBlobs() {
        ModelStore s = store();
        Manifest m = manifestOf(s, "hello");
        Manifest broken = Manifest.of(m.config(), List.of(new Layer(MediaTypes.MODEL, "sha256:" + "b".repeat(64), 1, null, null)));
        assertThatThrownBy(() -> s.writeManifest(ModelName.parse("x"), broken)).isInstanceOf(StoreErrors.MissingBlobException.class);
        assertThat(s.names()).isEmpty();
        s.writeManifest(ModelName.parse("x"), m);
        assertThat(s.require(ModelName.parse("X:LATEST")).manifest()).isEqualTo(m);
    }

    @Test
    void corruptOrHostileManifestsAreSkippedAndStopPrune() throws IOException {
        ModelStore s = store();
        s.writeManifest(ModelName.parse("good"), manifestOf(s, "keep me"));
        Path evil = root.resolve("manifests/registry.ollama.ai/library/evil/latest");
        Files.createDirectories(evil.getParent());
        Files.writeString(evil, "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:../../../../etc/passwd\"},\"layers\":[]}");
        assertThat(s.list()).extracting(m -> m.name().model()).containsExactly("good");
        assertThat(s.prune().skipped()).isTrue();
    }

    @Test
    void deleteKeepsSharedBlobsAndPinnedOnes() throws Exception {
        ModelStore s = store();
        s.writeManifest(ModelName.parse("a"), manifestOf(s, "shared", "only a", "pinned"));
        s.writeManifest(ModelName.parse("b"), manifestOf(s, "shared"));
        String pinned = s.putBlob("pinned".getBytes(StandardCharsets.UTF_8)).digest();
        String onlyA = s.putBlob("only a".getBytes(StandardCharsets.UTF_8)).digest();
        String shared = s.putBlob("shared".getBytes(StandardCharsets.UTF_8)).digest();
        try (ModelStore.Pins pins = s.pins()) {
            assertThat(pins.addExisting(pinned)).isTrue();
            s.delete(ModelName.parse("a"));
        }
        assertThat(s.hasBlob(onlyA)).isFalse();
        assertThat(s.hasBlob(pinned)).isTrue();
        assertThat(s.hasBlob(shared)).isTrue();
        assertThatThrownBy(() -> s.delete(ModelName.parse("a"))).isInstanceOf(StoreErrors.ModelNotFoundException.class);
    }

    @Test
    void pruneRemovesOldOrphansAndStrayFilesButRespectsTheGracePeriod() throws IOException {
        ModelStore s = store();
        s.writeManifest(ModelName.parse("kept"), manifestOf(s, "used"));
        String oldOrphan = s.putBlob("old orphan".getBytes(StandardCharsets.UTF_8)).digest();
        String newOrphan = s.putBlob("new orphan".getBytes(StandardCharsets.UTF_8)).digest();
        Path partial = Files.writeString(root.resolve("blobs/sha256-" + "c".repeat(64) + "-partial"), "half");
        Path legacy = Files.writeString(root.resolve("blobs/sha256:" + "d".repeat(64)), "legacy name");
        Files.createDirectories(root.resolve("manifests/registry.ollama.ai/empty/dir"));
        Instant old = Instant.now().minusSeconds(3 * 3600);
        for (Path p : List.of(s.blobPath(oldOrphan), partial, legacy)) Files.setLastModifiedTime(p, FileTime.from(old));
        for (String d : s.list().getFirst().manifest().digests()) Files.setLastModifiedTime(s.blobPath(d), FileTime.from(old));

        ModelStore.PruneResult r = s.prune();
        assertThat(r.skipped()).isFalse();
        assertThat(s.hasBlob(oldOrphan)).isFalse();
        assertThat(s.hasBlob(newOrphan)).as("younger than an hour: may be another process's create").isTrue();
        assertThat(partial).doesNotExist();
        assertThat(legacy).as("renamed to sha256-..., then pruned as an old orphan").doesNotExist();
        assertThat(root.resolve("blobs/sha256-" + "d".repeat(64))).doesNotExist();
        assertThat(root.resolve("manifests/registry.ollama.ai/empty")).doesNotExist();
        assertThat(s.list()).hasSize(1);
        for (String d : s.list().getFirst().manifest().digests()) assertThat(s.hasBlob(d)).isTrue();
    }

    @Test
    void namesResolveCaseInsensitivelyPartByPart() {
        ModelStore s = store();
        s.writeManifest(ModelName.parse("MyOrg/Llama:Latest"), manifestOf(s, "x"));
        assertThat(s.resolve(ModelName.parse("myorg/llama:latest")).toString()).isEqualTo("registry.ollama.ai/MyOrg/Llama:Latest");
        assertThat(s.resolve(ModelName.parse("myorg/llama:v2")).toString()).isEqualTo("registry.ollama.ai/MyOrg/Llama:v2");
        assertThat(s.resolve(ModelName.parse("other")).toString()).isEqualTo("registry.ollama.ai/library/other:Latest");
    }
}
