package dev.jollama.api.modelfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.api.CreateRequest;
import dev.jollama.api.Json;
import dev.jollama.api.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreatePlanTest {
    @TempDir
    Path dir;

    private CreatePlan plan(String modelfile) throws Exception {
        return CreatePlan.of(Modelfile.parse(modelfile), dir, w -> {});
    }

    @Test
    void fromAnExistingPathIsFilesElseAModelName() throws Exception {
        Files.writeString(dir.resolve("model.gguf"), "GGUF-bytes");
        CreatePlan local = plan("FROM ./model.gguf\n");
        assertThat(local.from()).isNull();
        assertThat(local.files()).containsOnlyKeys(dir.resolve("model.gguf").toRealPath());
        // sha256 of "GGUF-bytes"
        assertThat(local.files().values()).containsExactly(
                "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest("GGUF-bytes".getBytes(StandardCharsets.UTF_8))));
        CreatePlan named = plan("FROM llama3.2:1b\n");
        assertThat(named.from()).isEqualTo("llama3.2:1b");
        assertThat(named.files()).isEmpty();
    }

    @Test
    void pathsAreRelativeToTheModelfileOrHome() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        assertThat(LocalFiles.expand("m.gguf", sub)).isEqualTo(sub.resolve("m.gguf"));
        assertThat(LocalFiles.expand("../m.gguf", sub)).isEqualTo(dir.resolve("m.gguf"));
        assertThat(LocalFiles.expand("~/m.gguf", sub)).isEqualTo(Path.of(System.getProperty("user.home"), "m.gguf"));
        assertThat(LocalFiles.expand("~", sub)).isEqualTo(Path.of(System.getProperty("user.home")));
        assertThat(LocalFiles.expand("/abs/m.gguf", sub)).isEqualTo(Path.of("/abs/m.gguf"));
        assertThatThrownBy(() -> LocalFiles.expand("~nobody-such-user/m.gguf", sub))
                .hasMessage("failed to find user 'nobody-such-user': user: unknown user nobody-such-user");
    }

    @Test
    void aDirectoryStandsForItsModelFiles() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("a.gguf"), "a");
        Files.writeString(model.resolve("config.json"), "{}");
        Files.writeString(model.resolve("README.md"), "not a model file");
        Files.createDirectories(model.resolve("nested"));
        Files.writeString(model.resolve("nested/config.json"), "{}");
        CreatePlan p = plan("FROM ./model\n");
        assertThat(CreatePlan.named(p.files())).containsOnlyKeys("a.gguf", "config.json", "nested/config.json");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> plan("FROM ./empty\n")).hasMessage("no Modelfile or safetensors files found");
    }

    @Test
    void everythingElseIsCarriedOver() throws Exception {
        Files.writeString(dir.resolve("adapter.gguf"), "lora");
        List<String> warnings = new ArrayList<>();
        CreatePlan p = CreatePlan.of(Modelfile.parse("""
                FROM base
                ADAPTER adapter.gguf
                TEMPLATE {{ .Prompt }}
                SYSTEM Be brief.
                PARAMETER temperature 0.5
                PARAMETER stop a
                PARAMETER stop b
                PARAMETER mirostat 2
                MESSAGE user hi
                MESSAGE assistant hello
                LICENSE one
                LICENSE two
                REQUIRES v0.14
                RENDERER r
                PARSER p
                """), dir, warnings::add);
        assertThat(warnings).containsExactly("warning: parameter mirostat is deprecated");
        CreateRequest r = p.request("mine", null, Map.of(), CreatePlan.named(p.adapters()), Map.of());
        assertThat(Json.mapper().readTree(Json.write(r))).isEqualTo(Json.mapper().readTree("""
                {"model":"mine","from":"base","adapters":{"adapter.gguf":"%s"},"template":"{{ .Prompt }}",
                 "license":["one","two"],"system":"Be brief.","parameters":{"temperature":0.5,"stop":["a","b"]},
                 "messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}],
                 "renderer":"r","parser":"p","requires":"0.14"}""".formatted(LocalFiles.sha256(dir.resolve("adapter.gguf")))));
        assertThat(p.messages()).containsExactly(Message.of("user", "hi"), Message.of("assistant", "hello"));
    }

    @Test
    void badReferencesAreErrors() throws Exception {
        assertThatThrownBy(() -> plan("FROM base\nADAPTER ./missing.gguf\n")).hasMessageContaining("missing.gguf: no such file or directory");
        assertThatThrownBy(() -> plan("FROM base\nREQUIRES latest\n")).hasMessage("requires must be a valid semver (e.g. 0.14.0)");
        assertThatThrownBy(() -> plan("FROM base\nPARAMETER top_k many\n")).hasMessage("invalid int value [many]");
        Files.write(dir.resolve("same.gguf"), "x".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> plan("FROM ./same.gguf\nDRAFT ./same.gguf\n"))
                .hasMessageStartingWith("DRAFT must not reference the same local path as FROM: ");
    }
}
