package dev.jollama.server.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small pieces: challenges, credentials, Go's query escaping, Ollama's part sizes, the OpenSSH key format. */
class RegistryPartsTest {
    @TempDir
    Path tmp;

    @Test
    void challengesParseLikeOllamas() {
        Challenge c = Challenge.parse("Bearer realm=\"https://registry.ollama.ai/v2/token\",service=\"registry.ollama.ai\",scope=\"repository:library/llama3.2:pull\"");
        assertThat(c).isEqualTo(new Challenge("Bearer", "https://registry.ollama.ai/v2/token", "registry.ollama.ai", "repository:library/llama3.2:pull"));
        assertThat(c.isBearer()).isTrue();
        Challenge multi = Challenge.parse("Bearer realm=\"http://h/token\", service=\"s\", scope=\"repository:a/b:pull repository:c/d:pull\"");
        assertThat(multi.scope()).isEqualTo("repository:a/b:pull repository:c/d:pull");
        assertThat(Challenge.parse("Basic realm=\"x\"").isBasic()).isTrue();
        assertThat(Challenge.parse("").realm()).isEmpty();
    }

    @Test
    void tokenUrlsAreSortedAndEscapedAsGoDoes() {
        var url = RegistrySession.tokenUrl(new Challenge("Bearer", "https://r.example/v2/token?x=1", "r.example", "repository:a/b:pull,push repository:c/d:pull"));
        String q = url.getRawQuery();
        assertThat(q).matches("nonce=[A-Za-z0-9_-]{22}&scope=repository%3Aa%2Fb%3Apull%2Cpush&scope=repository%3Ac%2Fd%3Apull&service=r.example&ts=\\d+&x=1");
        assertThat(RegistrySession.queryEscape("a b~*")).isEqualTo("a+b~%2A");
    }

    @Test
    void namesMapToRegistryUrls() throws Exception {
        RegistryClient client = new RegistryClient(Credentials.NONE, null);
        assertThat(client.session(dev.jollama.server.store.ModelName.parse("llama3.2"), false).url("manifests", "latest").toString())
                .isEqualTo("https://registry.ollama.ai/v2/library/llama3.2/manifests/latest");
        assertThat(client.session(dev.jollama.server.store.ModelName.parse("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M"), false)
                .url("manifests", "Q4_K_M").toString()).isEqualTo("https://hf.co/v2/bartowski/Llama-3.2-1B-Instruct-GGUF/manifests/Q4_K_M");
        assertThat(client.session(dev.jollama.server.store.ModelName.parse("localhost:5000/team/model:v1"), true).url("blobs", "sha256:ab").toString())
                .isEqualTo("http://localhost:5000/v2/team/model/blobs/sha256:ab");
        assertThatThrownBy(() -> client.session(dev.jollama.server.store.ModelName.parse("http://localhost:5000/team/model"), false))
                .hasMessage("insecure protocol http");
    }

    @Test
    void proxiesComeFromTheEnvironmentAsGoReadsThem() throws Exception {
        assertThat(EnvironmentProxy.from(java.util.Map.of()).select(java.net.URI.create("https://registry.ollama.ai/v2/"))).isNull();
        var p = EnvironmentProxy.from(java.util.Map.of("https_proxy", "http://proxy.corp:3128", "HTTP_PROXY", "plain.corp",
                "NO_PROXY", "internal.corp, .svc,registry.local:5000"));
        assertThat(p.select(java.net.URI.create("https://registry.ollama.ai/v2/"))).isEqualTo(new ProxyServer("proxy.corp", 3128, null));
        assertThat(p.select(java.net.URI.create("http://example.com/"))).isEqualTo(new ProxyServer("plain.corp", 80, null));
        for (String direct : List.of("https://internal.corp/x", "https://a.internal.corp/x", "http://x.svc/", "http://registry.local:5000/v2/",
                "http://127.0.0.1:5000/", "http://localhost/")) {
            assertThat(p.select(java.net.URI.create(direct))).as(direct).isNull();
        }
        assertThat(p.select(java.net.URI.create("http://registry.local:6000/"))).isNotNull();
    }

    @Test
    void proxyCredentialsInTheUrlBecomeBasicProxyAuthorization() throws Exception {
        var p = EnvironmentProxy.from(java.util.Map.of("HTTPS_PROXY", "http://me%40corp:p%3Ass+w@proxy.corp:3128"));
        ProxyServer proxy = p.select(java.net.URI.create("https://registry.ollama.ai/v2/"));
        assertThat(proxy.host()).isEqualTo("proxy.corp");
        assertThat(proxy.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("me@corp:p:ss+w".getBytes()));
        assertThat(proxy.toString()).doesNotContain("p%3Ass").contains("with credentials");
        assertThat(ProxyServer.parse("user@proxy.corp").authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("user:".getBytes()));
        var bad = EnvironmentProxy.from(java.util.Map.of("HTTPS_PROXY", "http://exa mple:1"));
        assertThatThrownBy(() -> bad.select(java.net.URI.create("https://registry.ollama.ai/v2/"))).hasMessageStartingWith("proxyconnect: invalid proxy address");
        assertThat(bad.select(java.net.URI.create("https://127.0.0.1/v2/"))).as("loopback stays direct").isNull();
    }

    @Test
    void connectionsDoubleWhileDoublingPaysAndStopWhenItDoesNot() {
        long s = 1_000_000_000L, w = ConnectionGrowth.WINDOW_NANOS;
        ConnectionGrowth far = new ConnectionGrowth(16, 2, 0, 0);
        assertThat(far.connections()).isEqualTo(2);
        assertThat(far.update(w / 2, 1000)).as("no decision within a window").isEqualTo(2);
        assertThat(far.update(w, 10 * s / 2)).isEqualTo(4);          // 10 B/ns with 2
        assertThat(far.update(2 * w, 10 * s / 2 + 20 * s / 2)).isEqualTo(8); // 20 with 4
        assertThat(far.update(3 * w, 15 * s + 40 * s / 2)).isEqualTo(16);    // 40 with 8
        assertThat(far.update(4 * w, 35 * s + 50 * s / 2)).as("at most").isEqualTo(16);

        ConnectionGrowth loopback = new ConnectionGrowth(16, 2, 0, 0);
        assertThat(loopback.update(w, 10 * s / 2)).isEqualTo(4);
        assertThat(loopback.update(2 * w, 10 * s / 2 + 11 * s / 2)).as("4 were only 10% faster: settled").isEqualTo(4);
        assertThat(loopback.update(3 * w, 100 * s)).isEqualTo(4);
        assertThat(new ConnectionGrowth(1, 2, 0, 0).connections()).isEqualTo(1);
    }

    @Test
    void chunksShrinkNearTheEndOfTheBlobSoConnectionsFinishTogether() {
        long mib = 1L << 20, blob = 1024 * mib;
        DownloadPart last = new DownloadPart(1, 512 * mib, 512 * mib, 0, tmp.resolve("p-1"));
        List<Chunk> chunks = last.chunks(64 * mib, blob);
        // an eighth of what is left from there: 512 MiB left, then 448, 392 ...
        assertThat(chunks).extracting(c -> c.size).startsWith(64 * mib, 56 * mib, 49 * mib);
        assertThat(chunks.getFirst().offset).isEqualTo(512 * mib);
        assertThat(chunks.getLast().stopsAt()).isEqualTo(blob);
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).offset).as("in file order, without gaps").isEqualTo(chunks.get(i - 1).stopsAt());
            assertThat(chunks.get(i).size).isLessThanOrEqualTo(chunks.get(i - 1).size);
            if (i < chunks.size() - 1) assertThat(chunks.get(i).size).as("not below an eighth of a chunk").isGreaterThanOrEqualTo(8 * mib);
        }
        assertThat(new DownloadPart(0, 0, 512 * mib, 0, tmp.resolve("p-0")).chunks(64 * mib, blob)).as("far from the end")
                .extracting(c -> c.size).containsOnly(64 * mib).hasSize(8);
        assertThat(new DownloadPart(0, 0, 512 * mib, 100, tmp.resolve("p-0")).chunks(64 * mib, blob).getFirst().offset)
                .as("after what is already there").isEqualTo(100);
        assertThat(new DownloadPart(0, 0, 10, 0, tmp.resolve("p")).chunks(1, 10)).as("never empty").extracting(c -> c.size).containsOnly(1L).hasSize(10);
    }

    @Test
    void credentialsAreKeptPerHost() {
        Credentials c = Credentials.parse("Registry.Example:5000=me:p:a=ss, other.host=u:");
        assertThat(c.forHost("registry.example:5000")).contains(new Credentials.Basic("me", "p:a=ss"));
        assertThat(c.forHost("other.host")).contains(new Credentials.Basic("u", ""));
        assertThat(c.forHost("registry.example")).isEmpty();
        assertThat(c.forHost("registry.example:5000").orElseThrow().toString()).doesNotContain("p:a=ss");
        assertThatThrownBy(() -> Credentials.parse("nohost")).hasMessageContaining(Credentials.ENV);
    }

    @Test
    void partsAreSizedAsOllamaCutsThem() {
        TransferTuning t = TransferTuning.OLLAMA;
        assertThat(t.partSize(50_000_000L)).isEqualTo(100_000_000L);
        assertThat(t.partSize(3_200_000_000L)).isEqualTo(200_000_000L);
        assertThat(t.partSize(40_000_000_000L)).isEqualTo(1_000_000_000L);
        assertThat(t.backoff(0).toMillis()).isEqualTo(1000);
        assertThat(t.backoff(5).toMillis()).isEqualTo(32000);
    }

    @Test
    void theKeyIsMadeOnceInOpenSshFormatAndSignsVerifiably() throws Exception {
        Path file = tmp.resolve("home/id_ed25519");
        SigningKey key = SigningKey.loadOrCreate(file);
        assertThat(Files.readString(file)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        assertThat(Files.readString(tmp.resolve("home/id_ed25519.pub"))).isEqualTo(key.authorizedKey() + "\n").startsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5");
        assertThat(Files.getPosixFilePermissions(file).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        SigningKey again = SigningKey.loadOrCreate(file);
        assertThat(again.authorizedKey()).isEqualTo(key.authorizedKey());
        assertThat(again.sign("x".getBytes())).isEqualTo(key.sign("x".getBytes())); // ed25519 is deterministic
    }

    @Test
    void keysInteroperateWithOpenSsh() throws Exception {
        Path sshKeygen = Path.of("/usr/bin/ssh-keygen");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(sshKeygen), "skipped: needs ssh-keygen");
        Path ours = tmp.resolve("ours/id_ed25519");
        SigningKey key = SigningKey.loadOrCreate(ours);
        assertThat(run(sshKeygen.toString(), "-y", "-f", ours.toString()).strip()).isEqualTo(key.authorizedKey());
        Path theirs = tmp.resolve("theirs");
        run(sshKeygen.toString(), "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", theirs.toString());
        assertThat(SigningKey.load(theirs).authorizedKey() + "\n").isEqualTo(Files.readString(tmp.resolve("theirs.pub")).replaceAll(" +\n$", "\n"));
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
