package dev.jollama.server.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code WWW-Authenticate} challenge of a registry: {@code Bearer realm="..",service="..",scope=".."} asks for a
 * token from the realm, {@code Basic realm=".."} for credentials on every request.
 */
public record Challenge(String scheme, String realm, String service, String scope) {

    public boolean isBearer() {
        return scheme.equalsIgnoreCase("bearer");
    }

    public boolean isBasic() {
        return scheme.equalsIgnoreCase("basic");
    }

    /** Parses one challenge; parameters are {@code key="value"} or bare tokens, separated by commas. */
    public static Challenge parse(String header) {
        if (header == null) header = "";
        header = header.strip();
        int sp = header.indexOf(' ');
        String scheme = sp < 0 ? header : header.substring(0, sp);
        Map<String, String> params = params(sp < 0 ? "" : header.substring(sp + 1));
        return new Challenge(scheme, params.getOrDefault("realm", ""), params.getOrDefault("service", ""), params.getOrDefault("scope", ""));
    }

    private static Map<String, String> params(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || s.charAt(i) == ' ')) i++;
            int eq = s.indexOf('=', i);
            if (eq < 0) break;
            String key = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) i++;
                    value.append(s.charAt(i++));
                }
                i++;
            } else {
                while (i < n && s.charAt(i) != ',') value.append(s.charAt(i++));
            }
            out.putIfAbsent(key, value.toString().strip());
        }
        return out;
    }
}
