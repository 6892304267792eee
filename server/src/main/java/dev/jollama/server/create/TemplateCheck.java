package dev.jollama.server.create;

import dev.jollama.server.http.ApiException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structural errors Go's text/template parser rejects in a TEMPLATE: unclosed actions, and if/range/with/
 * block/define without their end (or an end too many). Create answers them with 400 "template error: ...", as
 * Ollama does; finer checks belong to the Go template interpreter.
 */
final class TemplateCheck {
    private TemplateCheck() {}

    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(/\\*.*?\\*/)?\\s*([a-z]+)?", Pattern.DOTALL);

    static void validate(String template) {
        Deque<String> open = new ArrayDeque<>();
        int pos = 0;
        while (true) {
            int start = template.indexOf("{{", pos);
            if (start < 0) break;
            int end = findClose(template, start + 2);
            if (end < 0) throw error(template, start, "unclosed action");
            Matcher m = ACTION.matcher(template.substring(start, end + 2));
            String keyword = m.lookingAt() && m.group(2) != null ? m.group(2) : "";
            switch (keyword) {
                case "if", "range", "with", "block", "define" -> open.push(keyword);
                case "end" -> {
                    if (open.isEmpty()) throw error(template, start, "unexpected {{end}}");
                    open.pop();
                }
                default -> { }
            }
            pos = end + 2;
        }
        if (!open.isEmpty()) throw error(template, template.length(), "unexpected EOF");
    }

    /** The index of the "}}" closing an action, skipping string literals and comments. */
    private static int findClose(String t, int from) {
        int i = from;
        while (i < t.length() - 1) {
            char c = t.charAt(i);
            if (c == '"' || c == '`') {
                int j = i + 1;
                while (j < t.length() && t.charAt(j) != c) {
                    if (c == '"' && t.charAt(j) == '\\') j++;
                    j++;
                }
                i = j + 1;
                continue;
            }
            if (c == '}' && t.charAt(i + 1) == '}') return i;
            i++;
        }
        return -1;
    }

    private static ApiException error(String template, int at, String what) {
        int line = 1;
        for (int i = 0; i < Math.min(at, template.length()); i++) if (template.charAt(i) == '\n') line++;
        return ApiException.badRequest("template error: template: :" + line + ": " + what);
    }
}
