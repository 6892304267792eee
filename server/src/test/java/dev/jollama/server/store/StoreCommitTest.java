package dev.jollama.server.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a pull needs from the store: committing a downloaded file as a blob, and manifests kept byte for byte. */
class StoreCommitTest {
    @TempDir
    Path tmp;

    @Test
    void aDownloadedFileBecomesABlobOnlyWhenItsContentMatches() throws Exception {
        ModelStore store = new ModelStore(tmp);
        String digest = store.putBlob("hello".getBytes(StandardCharsets.UTF_8)).digest();
        Files.delete(store.blobPath(digest));
        Path partial = Files.createDirectories(store.blobsDir()).resolve("sha256-x-partial");

        Files.writeString(partial, "hellO");
        assertThatThrownBy(() -> store.commitBlob(partial, digest, null)).isInstanceOf(StoreErrors.DigestMismatchException.class);
        assertThat(partial).exists();
        assertThat(store.hasBlob(digest)).isFalse();

        Files.writeString(partial, "hello");
        assertThatThrownBy(() -> store.commitBlob(partial, digest, "sha256:" + "0".repeat(64))).isInstanceOf(StoreErrors.DigestMismatchException.class);
        store.commitBlob(partial, digest, null);
        assertThat(partial).doesNotExist();
        assertThat(store.readBlob(digest)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void manifestBytesAreWrittenAsGivenOnceTheirBlobsAreThere() throws Exception {
        ModelStore store = new ModelStore(tmp);
        ModelName name = ModelName.parse("localhost:5000/team/m:v1");
        String digest = store.putBlob("gguf".getBytes(StandardCharsets.UTF_8)).digest();
        byte[] bytes = ("{\"schemaVersion\":2,   \"mediaType\":\"" + MediaTypes.MANIFEST + "\",\"layers\":[{\"mediaType\":\"" + MediaTypes.MODEL
                + "\",\"digest\":\"" + digest + "\",\"size\":4}],\"extra\":1}").getBytes(StandardCharsets.UTF_8);
        store.writeManifest(name, bytes);
        assertThat(store.readManifest(name)).contains(bytes);
        assertThat(store.require(name).manifest().layers()).extracting(Layer::digest).isEqualTo(List.of(digest));
        assertThat(store.readManifest(ModelName.parse("localhost:5000/team/m:v2"))).isEmpty();

        byte[] missing = new String(bytes, StandardCharsets.UTF_8).replace(digest, "sha256:" + "1".repeat(64)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> store.writeManifest(ModelName.parse("x"), missing)).isInstanceOf(StoreErrors.MissingBlobException.class);
        assertThat(store.find(ModelName.parse("x"))).isEmpty();
    }
}
