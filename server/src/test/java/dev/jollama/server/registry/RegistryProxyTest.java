package dev.jollama.server.registry;

import dev.jollama.server.store.Manifest;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static dev.jollama.server.registry.RegistryTestSupport.Recorder;
import static dev.jollama.server.registry.RegistryTestSupport.SMALL_PARTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * https registries (a docker-registry with a self-signed certificate the client is told to trust), and proxies
 * from the environment with credentials in their URL (Basic Proxy-Authorization, as Go sends it): plain http through
 * the proxy (absolute-form requests) and https through a CONNECT tunnel. The registry's host names are made up
 * ({@code registry.test}), so only the proxy can reach them, as on a corporate network.
 */
class RegistryProxyTest {
    private static final String AUTHORIZATION = "Basic " + Base64.getEncoder().encodeToString("proxy user:p@ss:w+rd".getBytes(StandardCharsets.UTF_8));
    private static final String PROXY_USERINFO = "proxy%20user:p%40ss:w+rd";

    @TempDir
    Path tmp;

    @Test
    void plainHttpGoesThroughAProxyWithTheCredentialsOfItsUrl() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("reg")), "");
             ForwardProxy proxy = new ForwardProxy(AUTHORIZATION, Map.of("registry.test:5000", registry.port))) {
            Map<String, String> env = Map.of("HTTP_PROXY", "http://" + PROXY_USERINFO + "@127.0.0.1:" + proxy.port());
            RegistryClient client = new RegistryClient(Credentials.NONE, null, env, SSLContext.getDefault());
            roundTrip(client, ModelName.parse("registry.test:5000/team/proxied:latest"), true);
            assertThat(proxy.refused).isEmpty();
            assertThat(proxy.accepted).anyMatch(r -> r.startsWith("PUT http://registry.test:5000/v2/team/proxied/manifests/latest"))
                    .anyMatch(r -> r.matches("GET http://registry.test:5000/v2/team/proxied/blobs/sha256:[0-9a-f]{64}"));

            RegistryClient wrong = new RegistryClient(Credentials.NONE, null, Map.of("HTTP_PROXY", "http://someone:else@127.0.0.1:" + proxy.port()),
                    SSLContext.getDefault());
            ModelStore store = new ModelStore(tmp.resolve("wrong"));
            assertThatThrownBy(() -> new Registry(store, wrong, SMALL_PARTS, false).pull(ModelName.parse("registry.test:5000/team/proxied:latest"), true, new Recorder()))
                    .hasMessageStartingWith("pull model manifest: 407");
            assertThat(proxy.refused).isNotEmpty();
        }
    }

    @Test
    void httpsRegistriesAreReachedDirectlyAndThroughAConnectTunnelWithCredentials() throws Exception {
        TestCertificate cert = TestCertificate.create(tmp.resolve("tls"), "dns:registry.test,ip:127.0.0.1");
        try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("reg")), "", cert);
             ForwardProxy proxy = new ForwardProxy(AUTHORIZATION, Map.of("registry.test:443", registry.port))) {
            // directly: loopback is never proxied
            RegistryClient direct = new RegistryClient(Credentials.NONE, null, Map.of(), cert.trust());
            roundTrip(direct, ModelName.parse(registry.authority() + "/team/direct:latest"), false);

            // a made-up name only the proxy knows, over a CONNECT tunnel; the certificate is checked against the name
            Map<String, String> env = Map.of("HTTPS_PROXY", "http://" + PROXY_USERINFO + "@127.0.0.1:" + proxy.port(), "NO_PROXY", "other.test");
            RegistryClient tunnelled = new RegistryClient(Credentials.NONE, null, env, cert.trust());
            roundTrip(tunnelled, ModelName.parse("registry.test/team/tunnelled:latest"), false);
            assertThat(proxy.refused).isEmpty();
            assertThat(proxy.accepted).contains("CONNECT registry.test:443").allMatch(r -> r.equals("CONNECT registry.test:443"));

            // a client that does not trust the certificate refuses the registry
            RegistryClient untrusting = new RegistryClient(Credentials.NONE, null, Map.of(), SSLContext.getDefault());
            ModelStore store = new ModelStore(tmp.resolve("untrusting"));
            assertThatThrownBy(() -> new Registry(store, untrusting, SMALL_PARTS, false).pull(ModelName.parse(registry.authority() + "/team/direct:latest"), false, new Recorder()))
                    .hasMessage("pull model manifest: Get \"https://" + registry.authority() + "/v2/team/direct/manifests/latest\": "
                            + "tls: failed to verify certificate: x509: certificate signed by unknown authority");
            RegistryClient wrongProxyUser = new RegistryClient(Credentials.NONE, null, Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()), cert.trust());
            assertThatThrownBy(() -> new Registry(store, wrongProxyUser, SMALL_PARTS, false).pull(ModelName.parse("registry.test/team/tunnelled:latest"), false, new Recorder()))
                    .hasMessageContaining("refused CONNECT registry.test:443: HTTP/1.1 407");
            assertThat(store.find(ModelName.parse("registry.test/team/tunnelled:latest"))).isEmpty();
        }
    }

    /** Pushes a model made here, pulls it into an empty store, and checks the manifest and every blob. */
    private void roundTrip(RegistryClient client, ModelName name, boolean insecure) throws Exception {
        ModelStore source = new ModelStore(tmp.resolve("src-" + name.model()));
        Manifest m = RegistryTestSupport.createModel(source, name, RegistryTestSupport.randomBytes(1_500_000, name.model().hashCode()), name.model());
        new Registry(source, client, SMALL_PARTS, false).push(name, insecure, new Recorder());
        ModelStore dest = new ModelStore(tmp.resolve("dst-" + name.model()));
        Recorder pull = new Recorder();
        new Registry(dest, client, SMALL_PARTS, false).pull(name, insecure, pull);
        assertThat(pull.statuses()).last().isEqualTo("success");
        assertThat(dest.readManifest(name)).contains(source.readManifest(name).orElseThrow());
        for (String d : m.digests()) assertThat(Files.readAllBytes(dest.blobPath(d))).isEqualTo(Files.readAllBytes(source.blobPath(d)));
    }
}
