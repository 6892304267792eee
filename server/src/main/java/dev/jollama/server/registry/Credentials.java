package dev.jollama.server.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Basic credentials for private registries, per registry host, from {@code JOLLAMA_REGISTRY_AUTH}: a comma-separated
 * list of {@code host[:port]=user:password} (the password is everything after the first ':' and cannot contain a
 * comma). They are sent only to the registry they are given for (and to its token realm), never to other hosts.
 */
public final class Credentials {
    public static final String ENV = "JOLLAMA_REGISTRY_AUTH";
    public static final Credentials NONE = new Credentials(Map.of());

    /** A user and password for one registry. */
    public record Basic(String user, String password) {
        public String header() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Basic[" + user + ":***]";
        }
    }

    private final Map<String, Basic> byHost;

    private Credentials(Map<String, Basic> byHost) {
        this.byHost = Map.copyOf(byHost);
    }

    /** Parses the variable's value; malformed entries are an IllegalArgumentException naming the variable. */
    public static Credentials parse(String value) {
        if (value == null || value.isBlank()) return NONE;
        Map<String, Basic> out = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) continue;
            int eq = entry.indexOf('='), colon = eq < 0 ? -1 : entry.indexOf(':', eq);
            if (eq <= 0 || colon < 0) throw new IllegalArgumentException(ENV + ": expected host=user:password, got an entry without them");
            out.put(entry.substring(0, eq).strip().toLowerCase(Locale.ROOT),
                    new Basic(entry.substring(eq + 1, colon).strip(), entry.substring(colon + 1)));
        }
        return new Credentials(out);
    }

    /** The credentials for a registry authority ("host" or "host:port"). */
    public Optional<Basic> forHost(String authority) {
        return Optional.ofNullable(byHost.get(authority.toLowerCase(Locale.ROOT)));
    }
}
