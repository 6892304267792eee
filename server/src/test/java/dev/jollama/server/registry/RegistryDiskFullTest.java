package dev.jollama.server.registry;

import dev.jollama.server.store.Manifest;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;
import dev.jollama.server.testing.SmallDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.jollama.server.registry.RegistryTestSupport.Recorder;
import static dev.jollama.server.registry.RegistryTestSupport.SMALL_PARTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A pull into a store on a full disk: the store lives on a 4 MiB tmpfs mounted by the test (it needs root, as this
 * project's machines and CI run; elsewhere the test is skipped, saying so) and the model to pull is larger than that.
 * The pull fails at once with Go's wording of ENOSPC, and the store is left exactly as it was: the model already
 * there still reads the same, no new manifest or blob, no partial file, and the space is free again.
 */
class RegistryDiskFullTest {
    @TempDir
    Path tmp;

    @Test
    void aPullThatFillsTheDiskFailsClearlyAndLeavesTheStoreAsItWas() throws Exception {
        Path small = tmp.resolve("small");
        try (SmallDisk disk = SmallDisk.mount(small, 4 << 20);
             LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("reg")), "")) {
            ModelStore source = new ModelStore(tmp.resolve("source"));
            ModelName big = ModelName.parse(registry.authority() + "/team/big:latest");
            RegistryTestSupport.createModel(source, big, RegistryTestSupport.randomBytes(6_000_000, 3), "big");
            Registry pusher = new Registry(source, new RegistryClient(Credentials.NONE, null), SMALL_PARTS, false);
            pusher.push(big, true, new Recorder());

            ModelStore store = new ModelStore(small.resolve("models"));
            ModelName kept = ModelName.parse(registry.authority() + "/team/kept:latest");
            Manifest keptManifest = RegistryTestSupport.createModel(store, kept, RegistryTestSupport.randomBytes(200_000, 4), "kept");
            Map<Path, byte[]> before = SmallDisk.contents(store.root());
            FileStore fs = Files.getFileStore(small);
            long freeBefore = fs.getUsableSpace();

            Registry registryClient = new Registry(store, new RegistryClient(Credentials.NONE, null), SMALL_PARTS, false);
            Recorder progress = new Recorder();
            assertThatThrownBy(() -> registryClient.pull(big, true, progress))
                    .hasMessageMatching("write .*/blobs/sha256-[0-9a-f]{64}-partial(-\\d+)?: no space left on device");

            assertThat(store.find(big)).isEmpty();
            assertThat(SmallDisk.contents(store.root())).as("every file of the store, byte for byte").containsExactlyInAnyOrderEntriesOf(before);
            assertThat(store.readManifest(kept)).isPresent();
            for (String d : keptManifest.digests()) assertThat(store.hasBlob(d)).isTrue();
            assertThat(fs.getUsableSpace()).as("the partial download's space is free again").isGreaterThanOrEqualTo(freeBefore);

            // with room again the same pull succeeds
            ModelStore roomy = new ModelStore(tmp.resolve("roomy"));
            new Registry(roomy, new RegistryClient(Credentials.NONE, null), SMALL_PARTS, false).pull(big, true, new Recorder());
            assertThat(roomy.readManifest(big)).contains(source.readManifest(big).orElseThrow());
        }
    }
}
