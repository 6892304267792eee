package dev.jollama.server.registry;

import dev.jollama.api.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A token server for distribution's {@code auth: token} configuration: an RSA key and self-signed certificate
 * made with the JDK's keytool, and RS256 JWTs carrying the certificate (x5c) and the access the request's scopes
 * ask for. It records the Authorization header of every token request.
 */
final class TestTokens {
    static final String SERVICE = "jollama-test";
    static final String ISSUER = "jollama-test-issuer";

    private final PrivateKey key;
    private final Certificate cert;
    final Path certBundle;
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    final List<String> targets = Collections.synchronizedList(new ArrayList<>());

    TestTokens(Path dir) throws Exception {
        Path store = dir.resolve("token-signer.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "signer", "-keyalg", "RSA", "-keysize", "2048",
                "-sigalg", "SHA256withRSA", "-dname", "CN=jollama-test", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("keytool failed: " + out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        key = (PrivateKey) ks.getKey("signer", "changeit".toCharArray());
        cert = ks.getCertificate("signer");
        certBundle = dir.resolve("token-ca.pem");
        Files.writeString(certBundle, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
    }

    /** The registry config's auth section pointing at {@code realm}. */
    String authYaml(String realm) {
        return """
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(realm, SERVICE, ISSUER, certBundle);
    }

    /** Answers a token request (for {@link FaultProxy#tokens}). */
    String answer(String target, Map<String, String> headers) {
        targets.add(target);
        authorizations.add(headers.getOrDefault("authorization", ""));
        List<Map<String, Object>> access = new ArrayList<>();
        int q = target.indexOf('?');
        for (String kv : q < 0 ? new String[0] : target.substring(q + 1).split("&")) {
            if (!kv.startsWith("scope=")) continue;
            String[] scope = URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8).split(":");
            if (scope.length != 3) continue;
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("type", scope[0]);
            a.put("name", scope[1]);
            a.put("actions", List.of(scope[2].split(",")));
            access.add(a);
        }
        return "{\"token\":\"" + jwt(access) + "\"}";
    }

    private String jwt(List<Map<String, Object>> access) {
        try {
            long now = System.currentTimeMillis() / 1000;
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("typ", "JWT");
            header.put("alg", "RS256");
            header.put("x5c", List.of(Base64.getEncoder().encodeToString(cert.getEncoded())));
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", ISSUER);
            claims.put("sub", "jollama");
            claims.put("aud", SERVICE);
            claims.put("exp", now + 600);
            claims.put("nbf", now - 60);
            claims.put("iat", now);
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("access", access);
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String signed = b64.encodeToString(Json.write(header).getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + b64.encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
