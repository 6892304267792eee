#!/usr/bin/env python3
"""Writes the Go-template corpus (server/src/test/resources/gotmpl/cases.json): template-language cases with plain
JSON data, and Ollama-rendering cases (built-in and registry-style templates x message sets). Then run
`go run . < ../../resources/gotmpl/cases.json > ../../resources/gotmpl/expected.json` to record Go's answers."""
import json, os, glob

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "..", "resources", "gotmpl")
BUILTIN = os.path.join(HERE, "..", "..", "..", "main", "resources", "ollama-templates")

cases = []

def raw(name, template, data=None):
    cases.append({"name": "lang/" + name, "template": template, "data": data})

D = {"s": "hello", "e": "", "n": 3, "f": 1.5, "big": 1e6, "neg": -2, "z": 0, "t": True, "no": False,
     "list": ["a", "b", "c"], "empty": [], "nums": [1, 2, 3], "m": {"b": 2, "a": 1, "c": {"x": "y"}},
     "nested": {"inner": {"deep": "value"}}, "nil": None, "html": "<a href='x'>&\"</a>", "uni": "héllo wörld 😀",
     "objs": [{"name": "x", "v": 1}, {"name": "y", "v": 2}]}

raw("text", "just text")
raw("field", "{{ .s }}", D)
raw("missing-key", "[{{ .nope }}]", D)
raw("missing-nested", "[{{ .nope.deeper }}]", D)
raw("nil-value", "[{{ .nil }}]", D)
raw("int", "{{ .n }} {{ .z }} {{ .neg }}", D)
raw("float", "{{ .f }} {{ .big }} {{ 1e21 }} {{ 0.000001 }} {{ 123456.0 }} {{ 1234567.0 }} {{ 3.0 }}", D)
raw("bool", "{{ .t }} {{ .no }}", D)
raw("list", "{{ .list }} {{ .empty }} {{ .nums }}", D)
raw("map", "{{ .m }}", D)
raw("trim", "a  {{- .s -}}  b\n  {{- .s }}\n{{ .s -}}\n  c", D)
raw("trim-newlines", "line1\n\n{{- /* comment */ -}}\n\nline2", D)
raw("comment", "a{{/* hidden */}}b{{- /* trimmed */}} c", D)
raw("if", "{{ if .t }}yes{{ end }}{{ if .no }}no{{ end }}{{ if .e }}e{{ else }}not-e{{ end }}", D)
raw("if-else-if", "{{ if .no }}1{{ else if .e }}2{{ else if .n }}3{{ else }}4{{ end }}", D)
raw("if-else-if-else", "{{ if .no }}1{{ else if .e }}2{{ else }}4{{ end }}", D)
raw("truthiness", "{{ if .empty }}a{{ end }}{{ if .m }}b{{ end }}{{ if .z }}c{{ end }}{{ if .f }}d{{ end }}{{ if .nil }}e{{ end }}{{ if .nested }}f{{ end }}", D)
raw("range-list", "{{ range .list }}[{{ . }}]{{ end }}", D)
raw("range-index", "{{ range $i, $v := .list }}{{ $i }}={{ $v }};{{ end }}", D)
raw("range-one-var", "{{ range $v := .list }}{{ $v }}{{ end }}", D)
raw("range-map", "{{ range $k, $v := .m }}{{ $k }}:{{ $v }} {{ end }}", D)
raw("range-else", "{{ range .empty }}x{{ else }}none{{ end }}", D)
raw("range-nil", "{{ range .nope }}x{{ else }}none{{ end }}", D)
raw("range-int", "{{ range 3 }}{{ . }}{{ end }}", D)
raw("range-break", "{{ range .nums }}{{ if eq . 2.0 }}{{ break }}{{ end }}{{ . }}{{ end }}", D)
raw("range-continue", "{{ range .nums }}{{ if eq . 2.0 }}{{ continue }}{{ end }}{{ . }}{{ end }}", D)
raw("range-objs", "{{ range .objs }}{{ .name }}={{ .v }} {{ end }}", D)
raw("with", "{{ with .nested.inner }}{{ .deep }}{{ end }}{{ with .e }}x{{ else }}empty{{ end }}", D)
raw("with-else-with", "{{ with .e }}a{{ else with .s }}b={{ . }}{{ else }}c{{ end }}", D)
raw("variables", "{{ $x := .s }}{{ $x }}{{ $x = \"changed\" }} {{ $x }} {{ $.s }}", D)
raw("variable-scope", "{{ $x := 1 }}{{ if .t }}{{ $x = 2 }}{{ $y := 3 }}{{ $y }}{{ end }}{{ $x }}", D)
raw("variable-in-range", "{{ $last := \"\" }}{{ range .list }}{{ $last = . }}{{ end }}{{ $last }}", D)
raw("dollar-in-range", "{{ range .list }}{{ $.s }}{{ end }}", D)
raw("pipeline", "{{ .s | printf \"%s!\" }} {{ .n | printf \"%d-%s\" 5 }}", D)
raw("parens", "{{ (len .list) }} {{ printf \"%d\" (len .nums) }} {{ (index .objs 1).name }}", D)
raw("and-or", "{{ and .t .s }} {{ and .t .e }} {{ or .e .s }} {{ or .e .z }} {{ and .no .nope.x }}", D)
raw("not", "{{ not .t }} {{ not .e }} {{ not .list }}", D)
raw("eq", "{{ eq .s \"hello\" }} {{ eq .s \"a\" \"hello\" }} {{ eq .n 3.0 }} {{ eq .t true }} {{ eq .nope \"x\" }}", D)
raw("eq-incompatible", "{{ eq .s 3 }}", D)
raw("ne-lt", "{{ ne .s \"x\" }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt \"b\" \"a\" }} {{ ge 1.5 2.5 }}", D)
raw("lt-bad", "{{ lt .list 1 }}", D)
raw("len", "{{ len .s }} {{ len .list }} {{ len .m }} {{ len .uni }}", D)
raw("len-bad", "{{ len 3 }}", D)
raw("index", "{{ index .list 1 }} {{ index .m \"a\" }} {{ index .m \"zz\" }} {{ index .nested \"inner\" \"deep\" }} {{ index .s 0 }}", D)
raw("index-out-of-range", "{{ index .list 5 }}", D)
raw("slice", "{{ slice .list 1 }} {{ slice .list 1 2 }} {{ slice .s 1 3 }} {{ slice .list }}", D)
raw("print", "{{ print 1 2 \"a\" \"b\" 3 .t }}|{{ println .s 3 }}|{{ print }}", D)
raw("printf-verbs", "{{ printf \"%s|%d|%v|%q|%%|%5s|%-5s|%05d|%x|%.2f|%t|%v|%v\" .s .n .list .s .s .s 42 .s 1.5 .t .m .nil }}", D)
raw("printf-bad", "{{ printf \"%d %s\" .s .n }}|{{ printf \"%s\" }}|{{ printf \"x\" 1 }}", D)
raw("printf-float", "{{ printf \"%v %g %e %f\" .f .big .f .big }}", D)
raw("printf-q-int", "{{ printf \"%q %c\" 65 66 }}", D)
raw("html-js-urlquery", "{{ html .html }}|{{ js .html }}|{{ urlquery \"a b&c=d/é\" }}|{{ .html | html }}", D)
raw("define-template", "{{ define \"greet\" }}Hi {{ . }}!{{ end }}{{ template \"greet\" .s }} {{ template \"greet\" \"you\" }}", D)
raw("block", "{{ block \"b\" .n }}[{{ . }}]{{ end }}", D)
raw("template-undefined", "{{ template \"nope\" . }}", D)
raw("string-escapes", "{{ \"a\\tb\\nc\\\"d\\\\\" }}{{ `raw\\n` }}{{ 'x' }}", D)
raw("numbers", "{{ 0x1F }} {{ 1_000 }} {{ -7 }} {{ +3 }} {{ 0o17 }} {{ 0b101 }} {{ .5 }}", D)
raw("unicode", "{{ .uni }} {{ len .uni }} {{ printf \"%q\" .uni }}", D)
raw("field-on-string", "{{ .s.x }}", D)
raw("dot", "{{ . }}", "plain")
raw("dot-nil", "{{ . }}")
raw("chain-on-paren", "{{ (.nested).inner.deep }}", D)
raw("nested-ranges", "{{ range $i, $o := .objs }}{{ range $.list }}{{ $i }}{{ . }}{{ $o.name }} {{ end }}{{ end }}", D)
raw("assign-in-range-outer", "{{ $n := 0 }}{{ range .list }}{{ $n = len . }}{{ end }}{{ $n }}", D)
raw("json-like", "{\"a\": {{ .n }}, \"b\": \"{{ .s }}\"}", D)
# parse errors
raw("err-unclosed-action", "{{ .Prompt ")
raw("err-unexpected-end", "a {{ end }}")
raw("err-missing-end", "{{ if .x }}a")
raw("err-undefined-var", "{{ $x }}")
raw("err-undefined-func", "{{ nope 1 }}")
raw("err-unclosed-comment", "{{/* never closed")
raw("err-bad-number", "{{ 3x }}")
raw("err-empty-action", "{{ }}")
raw("err-break-outside", "{{ break }}")
raw("err-unterminated-string", "{{ \"abc }}")
raw("err-else-twice", "{{ if .x }}a{{ else }}b{{ else }}c{{ end }}")
raw("err-multiline-line", "line1\nline2\n{{ if .x }}\n{{ nope }}\n{{ end }}")
raw("err-dot-after-string", "{{ \"x\".y }}")
raw("err-nonexec-pipeline", "{{ .x | 3 }}")
raw("err-arg-to-nonfunc", "{{ .s 1 }}", D)
raw("err-range-int-string", "{{ range .s }}{{ end }}", D)
raw("err-comment-before-delim", "{{/* c */ .x }}")
raw("err-redefine", "{{ define \"a\" }}1{{ end }}{{ define \"a\" }}2{{ end }}")

# Ollama rendering
WEATHER_TOOL = {"type": "function", "function": {"name": "get_current_weather", "description": "Get the current weather for a location <city>",
    "parameters": {"type": "object", "required": ["location", "format"], "properties": {
        "location": {"type": "string", "description": "The city and country, e.g. Paris, France"},
        "format": {"type": "string", "description": "The temperature unit", "enum": ["celsius", "fahrenheit"]}}}}}
SEARCH_TOOL = {"type": "function", "function": {"name": "search_web", "description": "Search the web",
    "parameters": {"type": "object", "required": ["query"], "properties": {
        "query": {"type": "string", "description": "What to search for"},
        "max_results": {"type": ["integer", "null"], "description": "Limit", "default": 5},
        "filters": {"type": "object", "description": "Filters", "properties": {"site": {"type": "string"}, "lang": {"type": "string", "enum": ["en", "fr"]}}, "required": ["site"]},
        "tags": {"type": "array", "items": {"type": "string"}, "description": "Tags"},
        "mode": {"anyOf": [{"type": "string"}, {"type": "number"}], "description": "Mode"}},
    "$defs": {"Z": {"type": "string"}}}}}

def msg(role, content, **kw):
    m = {"role": role, "content": content}
    m.update(kw)
    return m

USER = [msg("user", "Hello, how are you?")]
UAU = USER + [msg("assistant", "I'm doing great. How can I help you today?"), msg("user", "I'd like to show off how chat templating works!")]
SUAU = [msg("system", "You are a helpful assistant.")] + UAU
TOOLS_CONV = [msg("system", "You are a weather bot."), msg("user", "What's the weather in Paris?"),
    msg("assistant", "", tool_calls=[{"id": "call_abc12345", "function": {"index": 0, "name": "get_current_weather", "arguments": {"location": "Paris, France", "format": "celsius", "days": 2, "precise": True}}}]),
    msg("tool", "{\"temperature\": 22, \"sky\": \"clear\"}", tool_name="get_current_weather", tool_call_id="call_abc12345"),
    msg("assistant", "It is 22°C and clear in Paris."), msg("user", "And in <Rome> & Milan?")]
THINK_CONV = [msg("user", "What is 2+2?"), msg("assistant", "4", thinking="Simple arithmetic: 2+2=4."), msg("user", "And 3+3?")]
MERGE = [msg("system", "First system."), msg("system", "Second system."), msg("user", "part one"), msg("user", "part two"),
    msg("assistant", "answer"), msg("tool", "r1", tool_name="a"), msg("tool", "r2", tool_name="b"), msg("user", "next")]
PREFILL = [msg("system", "Be brief."), msg("user", "Say hi"), msg("assistant", "Hi")]

VALUES = {
    "user": {"messages": USER},
    "user-assistant-user": {"messages": UAU},
    "system-user-assistant-user": {"messages": SUAU},
    "tools": {"messages": TOOLS_CONV, "tools": [WEATHER_TOOL, SEARCH_TOOL]},
    "tools-first-turn": {"messages": TOOLS_CONV[:2], "tools": [WEATHER_TOOL]},
    "think-true": {"messages": THINK_CONV, "think": True},
    "think-false": {"messages": THINK_CONV, "think": False},
    "think-high": {"messages": THINK_CONV, "think": "high"},
    "merge": {"messages": MERGE},
    "prefill": {"messages": PREFILL},
    "fim": {"prompt": "def add(a, b):", "suffix": "    return c"},
    "empty": {"messages": []},
}

templates = {}
for path in sorted(glob.glob(os.path.join(BUILTIN, "*.gotmpl"))):
    templates["builtin/" + os.path.basename(path)[:-7]] = open(path).read()
for path in sorted(glob.glob(os.path.join(RES, "registry", "*.gotmpl"))):
    templates["registry/" + os.path.basename(path)[:-7]] = open(path).read()
templates["inline/fim"] = "{{- if .Suffix }}<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>\n{{- else }}{{ .Prompt }}\n{{- end }}"
templates["inline/prompt-only"] = "{{ .Prompt }}"
templates["inline/system-prompt"] = "{{ .System }} {{ .Prompt }}"
templates["inline/legacy-response-in-if"] = "{{ if .System }}<s>{{ .System }}</s>{{ end }}[U]{{ .Prompt }}[A]{{ if .Prompt }}{{ .Response }} END{{ end }} tail"
templates["inline/legacy-response-mid-pipe"] = "{{ .Prompt }}|{{ print .Response \"after\" }}|end"
templates["inline/messages-json"] = "{{ json .Messages }}|{{ json .Tools }}|{{ .Tools }}"
templates["inline/tool-fields"] = "{{ range .Tools }}{{ .Type }}|{{ .Function.Name }}|{{ .Function.Parameters.Type }}|{{ .Function.Parameters.Required }}|{{ .Function.Parameters.Properties }}|{{ range $k, $v := .Function.Parameters.Properties }}{{ $k }}:{{ $v.Type }}:{{ toTypeScriptType $v }}:{{ $v.Description }}:{{ $v.Enum }}:{{ json $v }};{{ end }}|{{ .Function.Parameters.Defs }}|{{ json .Function.Parameters }}\n{{ end }}{{ range .Messages }}{{ .Role }}:{{ range .ToolCalls }}{{ .ID }}/{{ .Function.Index }}/{{ .Function.Name }}/{{ .Function.Arguments }}/{{ range $k, $v := .Function.Arguments }}{{ $k }}={{ $v }},{{ end }}{{ end }}|{{ .ToolName }}|{{ .ToolCallID }}|{{ .Thinking }}\n{{ end }}"
templates["inline/think-vars"] = "{{ range .Messages }}{{ end }}{{ .Think }}|{{ .ThinkLevel }}|{{ .IsThinkSet }}|{{ .Prompt }}|{{ .Suffix }}"

for tname, src in templates.items():
    for vname, values in VALUES.items():
        cases.append({"name": f"ollama/{tname}/{vname}", "template": src, "values": values})

os.makedirs(RES, exist_ok=True)
with open(os.path.join(RES, "cases.json"), "w") as f:
    json.dump(cases, f, indent=1, ensure_ascii=False)
print(len(cases), "cases")
