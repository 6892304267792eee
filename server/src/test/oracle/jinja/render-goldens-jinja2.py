#!/usr/bin/env python3
"""Second reference for the Jinja goldens: Python's Jinja2 set up as transformers' apply_chat_template sets it up
(trim_blocks, lstrip_blocks, loopcontrols, the {% generation %} tag, tojson as json.dumps with ensure_ascii=False,
raise_exception, strftime_now with the clock frozen at 2026-01-02 10:30), except that list/dict methods may mutate
(as llama.cpp's engine allows). Used only where @huggingface/jinja cannot render a template for lack of a feature.
Writes resources/jinja/goldens-jinja2/TEMPLATE.json: {scenario: {"text"} | {"error"}}.

    python3 render-goldens-jinja2.py
"""
import datetime, json, os, sys
import jinja2
from jinja2 import nodes
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import SandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "..", "resources", "jinja")


class Generation(Extension):
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.Scope(body, lineno=lineno)


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(fmt):
    return datetime.datetime(2026, 1, 2, 10, 30, 0).strftime(fmt)


env = SandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[Generation, loopcontrols])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
env.globals["strftime_now"] = strftime_now

spec = json.load(open(os.path.join(RES, "scenarios.json")))
out_dir = os.path.join(RES, "goldens-jinja2")
os.makedirs(out_dir, exist_ok=True)
for name in sorted(os.listdir(os.path.join(RES, "templates"))):
    if not name.endswith(".jinja"):
        continue
    source = open(os.path.join(RES, "templates", name)).read()
    out = {}
    for s in spec["scenarios"]:
        ctx = {"messages": json.loads(json.dumps(s["messages"])), "add_generation_prompt": True,
               "bos_token": "<s>", "eos_token": "</s>"}
        if s.get("tools"):
            ctx["tools"] = json.loads(json.dumps(spec["tools"]))
        ctx["functions"] = json.dumps(spec["tools"], indent=2, ensure_ascii=False) if s.get("tools") else ""
        ctx["datetime"] = "Jan 02 2026 10:30:00 GMT"
        ctx.update(s.get("extra", {}))
        try:
            out[s["name"]] = {"text": env.from_string(source).render(**ctx)}
        except Exception as e:
            out[s["name"]] = {"error": f"{type(e).__name__}: {e}"}
    with open(os.path.join(out_dir, name[:-6] + ".json"), "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
