// Renders the Go-template test corpus with Go's own text/template, standing in for Ollama's template package:
// the data model below mirrors the values Ollama hands its templates (field names, String methods, JSON tags),
// and execute() follows Ollama's messages/legacy rendering rules. Output: JSON object name -> {"out"} or {"err"}.
//
//	go run . < ../../resources/gotmpl/cases.json > ../../resources/gotmpl/expected.json
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/template"
	"text/template/parse"
)

type ImageData []byte

type Message struct {
	Role       string
	Content    string
	Thinking   string
	Images     []ImageData
	ToolCalls  []ToolCall
	ToolName   string
	ToolCallID string
}

type ToolCall struct {
	ID       string
	Function ToolCallFunction
}

type ToolCallFunction struct {
	Index     int
	Name      string
	Arguments Args
}

type Args map[string]any

func (a Args) String() string {
	if a == nil {
		return "{}"
	}
	b, _ := json.Marshal(map[string]any(a))
	return string(b)
}

type Tools []Tool

func (t Tools) String() string { b, _ := json.Marshal(t); return string(b) }

type Tool struct {
	Type     string       `json:"type"`
	Items    any          `json:"items,omitempty"`
	Function ToolFunction `json:"function"`
}

func (t Tool) String() string { b, _ := json.Marshal(t); return string(b) }

type ToolFunction struct {
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Parameters  Parameters `json:"parameters"`
}

type Parameters struct {
	Type       string     `json:"type"`
	Defs       any        `json:"$defs,omitempty"`
	Items      any        `json:"items,omitempty"`
	Required   []string   `json:"required,omitempty"`
	Properties Properties `json:"properties"`
}

type Properties map[string]Property

func (p Properties) String() string {
	if p == nil {
		return "{}"
	}
	b, _ := json.Marshal(map[string]Property(p))
	return string(b)
}

type PropertyType []string

func (pt PropertyType) MarshalJSON() ([]byte, error) {
	if len(pt) == 1 {
		return json.Marshal(pt[0])
	}
	return json.Marshal([]string(pt))
}

func (pt *PropertyType) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		*pt = []string{s}
		return nil
	}
	var a []string
	if err := json.Unmarshal(data, &a); err != nil {
		return err
	}
	*pt = a
	return nil
}

func (pt PropertyType) String() string {
	if len(pt) == 0 {
		return ""
	}
	if len(pt) == 1 {
		return pt[0]
	}
	return fmt.Sprintf("%v", []string(pt))
}

type Property struct {
	AnyOf       []Property     `json:"anyOf,omitempty"`
	Type        PropertyType   `json:"type,omitempty"`
	Items       any            `json:"items,omitempty"`
	Description string         `json:"description,omitempty"`
	Enum        []any          `json:"enum,omitempty"`
	Properties  *OrderedProps  `json:"properties,omitempty"`
	Required    []string       `json:"required,omitempty"`
}

func (p Property) ToTypeScriptType() string {
	if len(p.AnyOf) > 0 {
		var ts []string
		for _, a := range p.AnyOf {
			ts = append(ts, a.ToTypeScriptType())
		}
		return strings.Join(ts, " | ")
	}
	if len(p.Type) == 0 {
		return "any"
	}
	var ts []string
	for _, t := range p.Type {
		switch t {
		case "string":
			ts = append(ts, "string")
		case "number", "integer":
			ts = append(ts, "number")
		case "boolean":
			ts = append(ts, "boolean")
		case "array":
			ts = append(ts, "any[]")
		case "object":
			ts = append(ts, "Record<string, any>")
		case "null":
			ts = append(ts, "null")
		default:
			ts = append(ts, "any")
		}
	}
	return strings.Join(ts, " | ")
}

// OrderedProps keeps the request's property order, like Ollama's ToolPropertiesMap.
type OrderedProps struct {
	keys []string
	m    map[string]Property
}

func (o *OrderedProps) UnmarshalJSON(data []byte) error {
	o.m = map[string]Property{}
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		var p Property
		if err := dec.Decode(&p); err != nil {
			return err
		}
		k := tok.(string)
		if _, ok := o.m[k]; !ok {
			o.keys = append(o.keys, k)
		}
		o.m[k] = p
	}
	return nil
}

func (o OrderedProps) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(o.m[k])
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// input forms
type inTool struct {
	Type     string `json:"type"`
	Items    any    `json:"items"`
	Function struct {
		Name        string `json:"name"`
		Description string `json:"description"`
		Parameters  struct {
			Type       string        `json:"type"`
			Defs       any           `json:"$defs"`
			Items      any           `json:"items"`
			Required   []string      `json:"required"`
			Properties *OrderedProps `json:"properties"`
		} `json:"parameters"`
	} `json:"function"`
}

type inMessage struct {
	Role      string `json:"role"`
	Content   string `json:"content"`
	Thinking  string `json:"thinking"`
	ToolCalls []struct {
		ID       string `json:"id"`
		Function struct {
			Index     int            `json:"index"`
			Name      string         `json:"name"`
			Arguments map[string]any `json:"arguments"`
		} `json:"function"`
	} `json:"tool_calls"`
	ToolName   string `json:"tool_name"`
	ToolCallID string `json:"tool_call_id"`
}

type inValues struct {
	Messages []inMessage `json:"messages"`
	Tools    []inTool    `json:"tools"`
	Think    any         `json:"think"`
	Prompt   string      `json:"prompt"`
	Suffix   string      `json:"suffix"`
}

type testCase struct {
	Name     string          `json:"name"`
	Template string          `json:"template"`
	Data     json.RawMessage `json:"data"`
	Values   *inValues       `json:"values"`
}

var funcs = template.FuncMap{
	"json": func(v any) string { b, _ := json.Marshal(v); return string(b) },
	"currentDate": func(args ...string) string { return "2026-01-02" },
	"yesterdayDate": func(args ...string) string { return "2026-01-01" },
	"toTypeScriptType": func(v any) string {
		if p, ok := v.(Property); ok {
			return p.ToTypeScriptType()
		}
		return "any"
	},
}

func main() {
	var cases []testCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	results := map[string]map[string]string{}
	for _, c := range cases {
		out, err := run(c)
		if err != nil {
			results[c.Name] = map[string]string{"err": err.Error()}
		} else {
			results[c.Name] = map[string]string{"out": out}
		}
	}
	names := make([]string, 0, len(results))
	for n := range results {
		names = append(names, n)
	}
	sort.Strings(names)
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	ordered := make([]map[string]any, 0, len(names))
	for _, n := range names {
		r := results[n]
		entry := map[string]any{"name": n}
		for k, v := range r {
			entry[k] = v
		}
		ordered = append(ordered, entry)
	}
	if err := enc.Encode(ordered); err != nil {
		panic(err)
	}
}

func run(c testCase) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	tmpl, err := template.New("").Option("missingkey=zero").Funcs(funcs).Parse(c.Template)
	if err != nil {
		return "", err
	}
	if c.Values == nil {
		var data any
		if len(c.Data) > 0 {
			if err := json.Unmarshal(c.Data, &data); err != nil {
				return "", err
			}
		}
		var b bytes.Buffer
		err := tmpl.Execute(&b, data)
		return b.String(), err
	}
	vars, err := identifiers(tmpl)
	if err != nil {
		return "", err
	}
	if !vars["messages"] && !vars["response"] {
		tmpl.Tree.Root.Nodes = append(tmpl.Tree.Root.Nodes, &parse.ActionNode{NodeType: parse.NodeAction,
			Pipe: &parse.PipeNode{NodeType: parse.NodePipe, Cmds: []*parse.CommandNode{{NodeType: parse.NodeCommand,
				Args: []parse.Node{&parse.FieldNode{NodeType: parse.NodeField, Ident: []string{"Response"}}}}}}})
	}
	return execute(tmpl, vars, c.Values)
}

func identifiers(t *template.Template) (map[string]bool, error) {
	set := map[string]bool{}
	var walk func(n parse.Node) error
	walk = func(n parse.Node) error {
		switch n := n.(type) {
		case *parse.ListNode:
			for _, c := range n.Nodes {
				if err := walk(c); err != nil {
					return err
				}
			}
		case *parse.TemplateNode:
			if n.Pipe == nil {
				return fmt.Errorf("undefined template specified")
			}
			return walk(n.Pipe)
		case *parse.ActionNode:
			return walk(n.Pipe)
		case *parse.IfNode:
			return walk(&n.BranchNode)
		case *parse.RangeNode:
			return walk(&n.BranchNode)
		case *parse.WithNode:
			return walk(&n.BranchNode)
		case *parse.BranchNode:
			if err := walk(n.Pipe); err != nil {
				return err
			}
			if err := walk(n.List); err != nil {
				return err
			}
			if n.ElseList != nil {
				return walk(n.ElseList)
			}
		case *parse.PipeNode:
			for _, c := range n.Cmds {
				for _, a := range c.Args {
					if err := walk(a); err != nil {
						return err
					}
				}
			}
		case *parse.FieldNode:
			for _, i := range n.Ident {
				set[strings.ToLower(i)] = true
			}
		case *parse.VariableNode:
			for _, i := range n.Ident {
				set[strings.ToLower(i)] = true
			}
		}
		return nil
	}
	for _, tt := range t.Templates() {
		if tt.Tree == nil {
			continue
		}
		if err := walk(tt.Root); err != nil {
			return nil, err
		}
	}
	return set, nil
}

func execute(tmpl *template.Template, vars map[string]bool, v *inValues) (string, error) {
	think, thinkLevel, thinkSet := false, "", v.Think != nil
	switch t := v.Think.(type) {
	case bool:
		think = t
		if t {
			thinkLevel = "medium"
		}
	case string:
		think, thinkLevel = true, t
	}
	var system []string
	var msgs []*Message
	for _, in := range v.Messages {
		m := &Message{Role: in.Role, Content: in.Content, Thinking: in.Thinking, ToolName: in.ToolName, ToolCallID: in.ToolCallID}
		for _, tc := range in.ToolCalls {
			m.ToolCalls = append(m.ToolCalls, ToolCall{ID: tc.ID, Function: ToolCallFunction{Index: tc.Function.Index,
				Name: tc.Function.Name, Arguments: Args(tc.Function.Arguments)}})
		}
		if m.Role == "system" {
			system = append(system, m.Content)
		}
		if len(msgs) > 0 && msgs[len(msgs)-1].Role == m.Role && m.Role != "tool" {
			msgs[len(msgs)-1].Content += "\n\n" + m.Content
		} else {
			msgs = append(msgs, m)
		}
	}
	var b bytes.Buffer
	if v.Prompt != "" && v.Suffix != "" {
		err := tmpl.Execute(&b, map[string]any{"Prompt": v.Prompt, "Suffix": v.Suffix, "Response": "",
			"Think": think, "ThinkLevel": thinkLevel, "IsThinkSet": thinkSet})
		return b.String(), err
	}
	if vars["messages"] {
		var tools Tools
		for _, t := range v.Tools {
			var props Properties
			if t.Function.Parameters.Properties != nil {
				props = Properties(t.Function.Parameters.Properties.m)
			}
			tools = append(tools, Tool{Type: t.Type, Items: t.Items, Function: ToolFunction{Name: t.Function.Name,
				Description: t.Function.Description, Parameters: Parameters{Type: t.Function.Parameters.Type,
					Defs: t.Function.Parameters.Defs, Items: t.Function.Parameters.Items,
					Required: t.Function.Parameters.Required, Properties: props}}})
		}
		err := tmpl.Execute(&b, map[string]any{"System": strings.Join(system, "\n\n"), "Messages": msgs,
			"Tools": tools, "Response": "", "Think": think, "ThinkLevel": thinkLevel, "IsThinkSet": thinkSet})
		return b.String(), err
	}
	turn := func(t *template.Template, s, p, r string) error {
		return t.Execute(&b, map[string]any{"System": s, "Prompt": p, "Response": r,
			"Think": think, "ThinkLevel": thinkLevel, "IsThinkSet": thinkSet})
	}
	var sys, prompt, response string
	for _, m := range msgs {
		switch m.Role {
		case "system":
			if prompt != "" || response != "" {
				if err := turn(tmpl, sys, prompt, response); err != nil {
					return "", err
				}
				sys, prompt, response = "", "", ""
			}
			sys = m.Content
		case "user":
			if response != "" {
				if err := turn(tmpl, sys, prompt, response); err != nil {
					return "", err
				}
				sys, prompt, response = "", "", ""
			}
			prompt = m.Content
		case "assistant":
			response = m.Content
		}
	}
	cut := false
	root := cutTree(tmpl.Root.Copy(), &cut).(*parse.ListNode)
	last, err := template.New("").Option("missingkey=zero").Funcs(funcs).AddParseTree("", &parse.Tree{Root: root})
	if err != nil {
		return "", err
	}
	if err := turn(last, sys, prompt, response); err != nil {
		return "", err
	}
	return b.String(), nil
}

// cutTree drops every node after the first .Response field (the field itself stays); branch conditions are
// not searched, and a branch's else list after the cut is dropped.
func cutTree(n parse.Node, cut *bool) parse.Node {
	if f, ok := n.(*parse.FieldNode); ok {
		for _, i := range f.Ident {
			if i == "Response" {
				*cut = true
				return n
			}
		}
	}
	if *cut {
		return nil
	}
	switch t := n.(type) {
	case *parse.ListNode:
		var kept []parse.Node
		for _, c := range t.Nodes {
			if k := cutTree(c, cut); k != nil {
				kept = append(kept, k)
			}
		}
		t.Nodes = kept
	case *parse.IfNode:
		cutBranch(&t.BranchNode, cut)
	case *parse.RangeNode:
		cutBranch(&t.BranchNode, cut)
	case *parse.WithNode:
		cutBranch(&t.BranchNode, cut)
	case *parse.ActionNode:
		p := cutTree(t.Pipe, cut)
		if p == nil {
			return nil
		}
		t.Pipe = p.(*parse.PipeNode)
	case *parse.PipeNode:
		var cmds []*parse.CommandNode
		for _, c := range t.Cmds {
			var args []parse.Node
			for _, a := range c.Args {
				if k := cutTree(a, cut); k != nil {
					args = append(args, k)
				}
			}
			if len(args) == 0 {
				return nil
			}
			c.Args = args
			cmds = append(cmds, c)
		}
		if len(cmds) == 0 {
			return nil
		}
		t.Cmds = cmds
	}
	return n
}

func cutBranch(b *parse.BranchNode, cut *bool) {
	b.List = cutTree(b.List, cut).(*parse.ListNode)
	if b.ElseList != nil {
		if e := cutTree(b.ElseList, cut); e != nil {
			b.ElseList = e.(*parse.ListNode)
		} else {
			b.ElseList = nil
		}
	}
}
