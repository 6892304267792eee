package dev.jollama.server.registry;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The native (libcrypto) SHA-256 gives the JDK's answers, fed in pieces of any size. */
class Sha256Test {
    @Test
    void libcryptoAndTheJdkAgree() throws Exception {
        Assumptions.assumeTrue(Sha256.OpenSsl.AVAILABLE, "skipped: no libcrypto.so.3 on this machine (the JDK's SHA-256 is used)");
        byte[] data = new byte[3_000_001];
        new Random(42).nextBytes(data);
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        Sha256 sha = Sha256.create();
        assertThat(sha).isInstanceOf(Sha256.OpenSsl.class);
        ByteBuffer direct = ByteBuffer.allocateDirect(1 << 20);
        Random sizes = new Random(7);
        for (int at = 0; at < data.length; ) {
            int n = Math.min(data.length - at, 1 + sizes.nextInt(direct.capacity()));
            direct.clear();
            direct.put(data, at, n).flip();
            sha.update(direct);
            assertThat(direct.hasRemaining()).isFalse();
            at += n;
        }
        assertThat(sha.digest()).isEqualTo(expected);
        assertThat(Sha256.create().digest()).isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        Sha256 jdk = new Sha256.Jdk();
        jdk.update(ByteBuffer.wrap(data));
        assertThat(jdk.digest()).isEqualTo(expected);
    }
}
