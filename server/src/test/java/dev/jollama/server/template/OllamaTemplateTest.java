package dev.jollama.server.template;

import dev.jollama.server.template.gotmpl.GoTemplate;
import dev.jollama.server.template.gotmpl.GoTemplateException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OllamaTemplateTest {

    @Test
    void varsAreLowerCasedSortedIdentifiersAndResponseIsAppended() {
        assertThat(OllamaTemplate.parse("{{ .Prompt }}").vars()).containsExactly("prompt", "response");
        assertThat(OllamaTemplate.parse("{{ with .Tools }}{{ . }}{{ end }} {{ .System }} {{ .Prompt }}").vars())
                .containsExactly("prompt", "response", "system", "tools");
        assertThat(OllamaTemplate.parse("{{ range .Messages }}{{ .Role }} {{ .Content }}{{ end }}").vars())
                .containsExactly("content", "messages", "role");
        assertThat(OllamaTemplate.parse("{{ $x := .Prompt }}{{ $x }}").vars()).containsExactly("$x", "prompt", "response");
        // appended {{ .Response }} prints the assistant prefill in legacy mode
        String out = OllamaTemplate.parse("[{{ .Prompt }}]").render(TemplateValues.of(List.of(
                ChatMessage.of("user", "hi"), ChatMessage.of("assistant", "pre"))));
        assertThat(out).isEqualTo("[hi]pre");
    }

    @Test
    void parseErrorsAreGoErrors() {
        assertThatThrownBy(() -> OllamaTemplate.parse("{{ .Prompt ")).isInstanceOf(GoTemplateException.class)
                .hasMessage("template: :1: unclosed action");
        assertThatThrownBy(() -> OllamaTemplate.parse("{{define \"x\"}}{{template \"x\"}}{{end}}{{template \"x\"}}"))
                .hasMessageContaining("undefined template specified");
    }

    @Test
    void messagesModeCollatesSystemsAndMergesSameRoles() {
        OllamaTemplate t = OllamaTemplate.parse("S={{ .System }}|{{ range .Messages }}{{ .Role }}:{{ .Content }}|{{ end }}");
        String out = t.render(TemplateValues.of(List.of(ChatMessage.of("system", "a"), ChatMessage.of("system", "b"),
                ChatMessage.of("user", "u1"), ChatMessage.of("user", "u2"), ChatMessage.of("tool", "t1"),
                ChatMessage.of("tool", "t2"))));
        assertThat(out).isEqualTo("S=a\n\nb|system:a\n\nb|user:u1\n\nu2|tool:t1|tool:t2|");
    }

    @Test
    void legacyModeRendersEachTurnAndCutsTheLastAfterResponse() {
        String mistral = "[INST] {{ if .System }}{{ .System }}\n\n{{ end }}{{ .Prompt }}[/INST] {{ .Response }}";
        List<ChatMessage> chat = List.of(ChatMessage.of("system", "You are a helpful assistant!"),
                ChatMessage.of("user", "Hello friend!"), ChatMessage.of("assistant", "Hello human!"),
                ChatMessage.of("user", "What is your name?"));
        assertThat(OllamaTemplate.parse(mistral).render(TemplateValues.of(chat))).isEqualTo(
                "[INST] You are a helpful assistant!\n\nHello friend![/INST] Hello human![INST] What is your name?[/INST] ");
        String withTail = "<s>{{ .Prompt }}</s>{{ .Response }}<end>";
        assertThat(OllamaTemplate.parse(withTail).render(TemplateValues.of(chat.subList(1, 4))))
                .isEqualTo("<s>Hello friend!</s>Hello human!<end><s>What is your name?</s>");
    }

    @Test
    void suffixRendersFillInTheMiddle() {
        OllamaTemplate t = OllamaTemplate.parse(
                "{{- if .Suffix }}<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>\n{{- else }}{{ .Prompt }}\n{{- end }}");
        assertThat(t.render(TemplateValues.of(List.of(ChatMessage.of("user", "hello"))))).isEqualTo("hello");
        assertThat(t.render(TemplateValues.fillInMiddle("def add(", "return x", null))).isEqualTo("<PRE> def add( <SUF>return x <MID>");
        assertThat(t.capabilities()).isEqualTo(new TemplateCapabilities(false, true, false));
    }

    @Test
    void dateFunctions() {
        OllamaTemplate t = OllamaTemplate.parse("{{ range .Messages }}{{ .Content }}{{ end }} {{ currentDate }} {{ yesterdayDate \"x\" }}");
        String out = t.render(TemplateValues.of(List.of(ChatMessage.of("user", "Hello"))));
        LocalDate today = LocalDate.now();
        assertThat(out).isIn("Hello " + today + " " + today.minusDays(1),
                "Hello " + today.minusDays(1) + " " + today.minusDays(2), "Hello " + today.plusDays(1) + " " + today);
    }

    @Test
    void argumentsAndPropertiesPrintAsJsonAndRange() {
        OllamaTemplate t = OllamaTemplate.parse("{{ range .Messages }}{{ range .ToolCalls }}{{ .Function.Arguments }}"
                + "{{ range $k, $v := .Function.Arguments }};{{ $k }}={{ $v }}{{ end }}{{ end }}{{ end }}");
        ToolCall call = new ToolCall("", 0, "get_weather", Map.of("unit", "celsius", "location", "Tokyo"));
        String out = t.render(TemplateValues.of(List.of(new ChatMessage("assistant", "", "", null, List.of(call), "", ""))));
        assertThat(out).isEqualTo("{\"location\":\"Tokyo\",\"unit\":\"celsius\"};location=Tokyo;unit=celsius");
    }

    @Test
    void toolCallTag() {
        String[][] cases = {
                {"", "{"},
                {"{{if .ToolCalls}}{{end}}", "{"},
                {"{{if .ToolCalls}}```json\n{{end}}", "```json"},
                {"{{if .ToolCalls}}\n [ {{range .ToolCalls}}{{ . }}{{end}}]{{end}}", "["},
                {"{{if .ToolCalls}}{{range .ToolCalls}}{{ . }}{{end}}]{{end}}", "{"},
                {"{{if .ToolCalls}}{{range .ToolCalls}}\r\n{\"name\": \"{{ .Function.Name }}\"}{{end}}{{end}}", "{"},
                {"{{if .ToolCalls}}{{range .ToolCalls}}<tool_call>{\"name\": \"{{ .Function.Name }}\"}</tool_call>{{end}}{{end}}", "<tool_call>"},
                {"{{if .ToolCalls}}First text{{if .Something}}inner{{end}}Second text{{end}}", "First text"},
                {"{{range .Messages}}{{if .Content}}x{{else if .ToolCalls}}[TOOL_CALLS] [{{end}}{{end}}", "[TOOL_CALLS] ["},
                {"{{if .ToolCalls}}functools[{{end}}", "functools["},
        };
        for (String[] c : cases) {
            assertThat(OllamaTemplate.parse(c[0]).toolCallTag()).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void thinkingTagsAreInferredAroundThinkingInAMessagesRange() {
        assertThat(OllamaTemplate.parse("{{ range .Messages }}{{ if .Thinking }}<think>{{ .Thinking }}</think>{{ end }}{{ end }}")
                .thinkingTags()).isEqualTo(new ThinkingTags("<think>", "</think>"));
        assertThat(OllamaTemplate.parse("{{ range .Messages }}{{ range .ToolCalls }}{{ if .Thinking }}<t>{{ .Thinking }}</t>{{ end }}{{ end }}{{ end }}")
                .thinkingTags()).isNull();
        assertThat(OllamaTemplate.parse("{{ range .Messages }}{{ if .Thinking }}  Some text before {{ .Thinking }}  Some text after \n{{ end }}{{ end }}")
                .thinkingTags()).isEqualTo(new ThinkingTags("Some text before", "Some text after"));
        assertThat(OllamaTemplate.parse("{{ if .Thinking }}<think>{{ .Thinking }}</think>{{ end }}").thinkingTags()).isNull();
    }

    @Test
    void registryTemplatesCapabilities() throws IOException {
        OllamaTemplate qwen3 = registry("qwen3-thinking");
        assertThat(qwen3.capabilities()).isEqualTo(new TemplateCapabilities(true, false, true));
        assertThat(qwen3.thinkingTags()).isEqualTo(new ThinkingTags("<think>", "</think>"));
        assertThat(qwen3.toolCallTag()).isEqualTo("<tool_call>");
        assertThat(registry("mistral-tools").toolCallTag()).isEqualTo("[TOOL_CALLS][");
        assertThat(registry("llama3.1-tools").toolCallTag()).isEqualTo("{");
        assertThat(registry("llama3.1-tools").capabilities()).isEqualTo(new TemplateCapabilities(true, false, false));
        assertThat(BuiltinTemplates.template("llama3-instruct").orElseThrow().capabilities()).isEqualTo(TemplateCapabilities.NONE);
    }

    @Test
    void jinjaCapabilities() {
        assertThat(TemplateCapabilities.ofJinja("{% if tools %}{% endif %}<think>\n</think>")).isEqualTo(new TemplateCapabilities(true, false, true));
        assertThat(TemplateCapabilities.ofJinja("{{ content.split('</think>')[-1] }}")).isEqualTo(new TemplateCapabilities(false, false, true));
        assertThat(TemplateCapabilities.ofJinja("{{ messages }}")).isEqualTo(TemplateCapabilities.NONE);
    }

    @Test
    void newerGoFeatures() {
        // range over an integer (Go 1.22) and {{else with}} (Go 1.23), which Ollama's Go has
        assertThat(GoTemplate.parse("", "{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 2 }}{{ $i }}{{ end }}", Map.of())
                .execute(null)).isEqualTo("012|01");
        assertThatThrownBy(() -> GoTemplate.parse("", "{{ range $i, $v := 2 }}{{ end }}", Map.of()).execute(null))
                .hasMessageEndingWith("can't use 2 to iterate over more than one variable");
        assertThat(GoTemplate.parse("", "{{ with .a }}a{{ else with .b }}b={{ . }}{{ else }}c{{ end }}", Map.of())
                .execute(Map.of("b", "x"))).isEqualTo("b=x");
    }

    static OllamaTemplate registry(String name) throws IOException {
        return OllamaTemplate.parse(BuiltinTemplatesTest.resource("/gotmpl/registry/" + name + ".gotmpl"));
    }
}
