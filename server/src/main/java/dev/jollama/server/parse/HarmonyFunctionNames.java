package dev.jollama.server.parse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * gpt-oss sees functions under TypeScript-like names: a user's tool name is mapped to one (spaces, '-' and '.'
 * become '_', other characters that are not letters, digits, '_' or '$' are dropped, a leading digit gets '_',
 * duplicates get _2, _3...), the prompt shows the mapped names, and calls are mapped back. The built-in tools
 * browser.open, browser.search, browser.find and python keep their names.
 */
public final class HarmonyFunctionNames {

    private static final Set<String> BUILT_IN = Set.of("browser.open", "browser.search", "browser.find", "python");

    private final Map<String, String> toHarmony = new HashMap<>();
    private final Map<String, String> toUser = new HashMap<>();

    public HarmonyFunctionNames(List<String> userNames) {
        for (String name : userNames) {
            String harmony = BUILT_IN.contains(name) ? name : unique(valid(name));
            toHarmony.put(name, harmony);
            toUser.put(harmony, name);
        }
    }

    /** The name the prompt shows for a user's tool. */
    public String harmony(String userName) {
        return toHarmony.getOrDefault(userName, userName);
    }

    /** The user's name for a name the model used (itself when unknown). */
    public String original(String harmonyName) {
        return toUser.getOrDefault(harmonyName, harmonyName);
    }

    private static String valid(String name) {
        StringBuilder sb = new StringBuilder();
        name.codePoints().forEach(cp -> {
            if (cp == ' ' || cp == '-' || cp == '.') {
                sb.append('_');
            } else if (Character.isLetter(cp) || Character.isDigit(cp) || cp == '_' || cp == '$') {
                sb.appendCodePoint(cp);
            }
        });
        if (sb.isEmpty()) {
            return "unnamed";
        }
        if (Character.isDigit(sb.codePointAt(0))) {
            sb.insert(0, '_');
        }
        return sb.toString();
    }

    private String unique(String candidate) {
        String name = candidate;
        for (int n = 2; toUser.containsKey(name); n++) {
            name = candidate + "_" + n;
        }
        return name;
    }
}
