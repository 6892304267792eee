package dev.jollama.server.registry;

import dev.jollama.server.store.Manifest;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import static dev.jollama.server.registry.RegistryTestSupport.Recorder;
import static dev.jollama.server.registry.RegistryTestSupport.SMALL_PARTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Registries that demand auth: distribution's token auth (Bearer, realm on the registry's host) and htpasswd (Basic). */
class RegistryAuthTest {
    @TempDir
    Path tmp;

    @Test
    void bearerTokensAreRequestedWithOllamasSignatureAndUsed() throws Exception {
        TestTokens tokens = new TestTokens(tmp);
        try (FaultProxy proxy = new FaultProxy();
             LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("reg")), tokens.authYaml("http://" + "127.0.0.1:" + proxy.port() + "/token"))) {
            proxy.upstreamPort = registry.port;
            proxy.tokens = tokens::answer;
            SigningKey key = SigningKey.loadOrCreate(tmp.resolve("home/id_ed25519"));
            RegistryClient client = new RegistryClient(Credentials.NONE, key);

            ModelStore source = new ModelStore(tmp.resolve("source"));
            ModelName name = ModelName.parse(proxy.authority() + "/team/secret:latest");
            Manifest m = RegistryTestSupport.createModel(source, name, RegistryTestSupport.randomBytes(700_000, 9), "secret");
            new Registry(source, client, SMALL_PARTS, false).push(name, true, new Recorder());

            ModelStore dest = new ModelStore(tmp.resolve("dest"));
            Recorder r = new Recorder();
            new Registry(dest, client, SMALL_PARTS, false).pull(name, true, r);
            assertThat(r.statuses()).last().isEqualTo("success");
            assertThat(dest.readManifest(name)).contains(source.readManifest(name).orElseThrow());
            for (String d : m.digests()) assertThat(dest.hasBlob(d)).isTrue();

            assertThat(tokens.targets).isNotEmpty();
            // the registry lists the actions in either order
            assertThat(tokens.targets).anyMatch(t -> t.matches(".*scope=repository%3Ateam%2Fsecret%3A(pull%2Cpush|push%2Cpull)&.*") && t.contains("service=jollama-test"));
            for (int i = 0; i < tokens.targets.size(); i++) {
                verifySignature(key, "http://" + proxy.authority() + tokens.targets.get(i), tokens.authorizations.get(i));
            }

            // a token that expires mid-download: the registry refuses a part's request with its challenge; a new
            // token is fetched and the part is asked again with it
            proxy.challenge = "Bearer realm=\"http://" + proxy.authority() + "/token\",service=\"" + TestTokens.SERVICE
                    + "\",scope=\"repository:team/secret:pull\"";
            proxy.refuseBlobRanges.set(1);
            proxy.blobAuthorizations.clear();
            int tokensBefore = tokens.targets.size();
            ModelStore renewed = new ModelStore(tmp.resolve("renewed"));
            new Registry(renewed, client, SMALL_PARTS, false).pull(name, true, new Recorder());
            assertThat(proxy.refuseBlobRanges.get()).as("the refusal was served").isZero();
            assertThat(renewed.readManifest(name)).contains(source.readManifest(name).orElseThrow());
            for (String d : m.digests()) assertThat(renewed.hasBlob(d)).isTrue();
            assertThat(tokens.targets.size() - tokensBefore).as("a token for the manifest and a new one after the refusal").isGreaterThanOrEqualTo(2);
            assertThat(proxy.blobAuthorizations).as("blob requests before and after the refusal").allMatch(a -> a.startsWith("Bearer "));
            assertThat(java.util.Set.copyOf(proxy.blobAuthorizations)).as("the new token was used").hasSizeGreaterThanOrEqualTo(2);
            for (int i = tokensBefore; i < tokens.targets.size(); i++) {
                verifySignature(key, "http://" + proxy.authority() + tokens.targets.get(i), tokens.authorizations.get(i));
            }

            // without a key the token endpoint is asked anonymously, and this one refuses
            proxy.tokens = (target, headers) -> headers.containsKey("authorization") ? tokens.answer(target, headers) : "!{\"errors\":\"no key\"}";
            ModelStore anon = new ModelStore(tmp.resolve("anon"));
            assertThatThrownBy(() -> new Registry(anon, new RegistryClient(Credentials.NONE, null), SMALL_PARTS, false).pull(name, true, new Recorder()))
                    .hasMessage("pull model manifest: 401: {\"errors\":\"no key\"}");
            assertThat(anon.find(name)).isEmpty();
        }
    }

    /** What ollama.com checks: "<ssh public key>:<ed25519 signature of GET,<url>,<base64(hex(sha256 of empty body))>>". */
    private static void verifySignature(SigningKey key, String url, String header) throws Exception {
        int colon = header.indexOf(':');
        assertThat(colon).as("authorization header " + header).isPositive();
        byte[] wire = Base64.getDecoder().decode(header.substring(0, colon));
        assertThat(Base64.getEncoder().encodeToString(wire)).isEqualTo(key.authorizedKey().split(" ")[1]);
        byte[] raw = Arrays.copyOfRange(wire, wire.length - 32, wire.length);
        byte[] x509 = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] spki = Arrays.copyOf(x509, x509.length + 32);
        System.arraycopy(raw, 0, spki, x509.length, 32);
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        String emptySha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        s.update(("GET," + url + "," + Base64.getEncoder().encodeToString(emptySha.getBytes(StandardCharsets.US_ASCII))).getBytes(StandardCharsets.UTF_8));
        assertThat(s.verify(Base64.getDecoder().decode(header.substring(colon + 1)))).as("signature over " + url).isTrue();
    }

    @Test
    void basicCredentialsFromTheEnvironmentVariableAreSentToTheirRegistryOnly() throws Exception {
        // bcrypt of "s3cret-pass", made with: node -e 'console.log(require("bcryptjs").hashSync("s3cret-pass", 5))' (bcryptjs 2.4.3)
        Path htpasswd = tmp.resolve("htpasswd");
        Files.writeString(htpasswd, "jollama:$2a$05$pZrQdB6WFhl8Uxsrb1srwONd5tiXLITeUB6cVmaHXv9pvfJQQuHIe\n");
        try (FaultProxy proxy = new FaultProxy();
             LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("reg")), """
                     auth:
                       htpasswd:
                         realm: jollama-basic
                         path: %s
                     """.formatted(htpasswd))) {
            proxy.upstreamPort = registry.port;
            ModelName name = ModelName.parse(proxy.authority() + "/team/private:latest");
            ModelStore source = new ModelStore(tmp.resolve("source"));
            RegistryTestSupport.createModel(source, name, RegistryTestSupport.randomBytes(300_000, 10), "private");

            Credentials wrongHost = Credentials.parse("example.com=jollama:s3cret-pass");
            assertThatThrownBy(() -> new Registry(source, new RegistryClient(wrongHost, null), SMALL_PARTS, false).push(name, true, new Recorder()))
                    .hasMessageStartingWith("unauthorized: access denied");

            Credentials creds = Credentials.parse(proxy.authority() + "=jollama:s3cret-pass");
            new Registry(source, new RegistryClient(creds, null), SMALL_PARTS, false).push(name, true, new Recorder());
            ModelStore dest = new ModelStore(tmp.resolve("dest"));
            new Registry(dest, new RegistryClient(creds, null), SMALL_PARTS, false).pull(name, true, new Recorder());
            assertThat(dest.readManifest(name)).contains(source.readManifest(name).orElseThrow());

            Credentials wrongPassword = Credentials.parse(proxy.authority() + "=jollama:nope");
            assertThatThrownBy(() -> new Registry(new ModelStore(tmp.resolve("x")), new RegistryClient(wrongPassword, null), SMALL_PARTS, false)
                    .pull(name, true, new Recorder())).hasMessage("pull model manifest: unauthorized: access denied");
        }
    }
}
