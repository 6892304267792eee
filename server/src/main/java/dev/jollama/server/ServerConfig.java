package dev.jollama.server;

import dev.jollama.api.GoDuration;
import dev.jollama.api.OllamaHost;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server's configuration, read once from the environment with Ollama's variable names and rules (values
 * trimmed of spaces and quotes; a bad number falls back to its default with a warning; a bad boolean counts as
 * true, as Ollama's envconfig does). {@code warnings} holds what was ignored, to be logged once logging is set up.
 */
public record ServerConfig(
        OllamaHost host,
        Path models,
        List<String> extraOrigins,
        long keepAliveNanos,
        boolean noPrune,
        int debugLevel,
        int contextLength,
        int numParallel,
        int maxLoadedModels,
        int maxQueue,
        Boolean flashAttention,
        String kvCacheType,
        long loadTimeoutNanos,
        boolean goTemplate,
        boolean noCloud,
        boolean noHistory,
        boolean debugLogRequests,
        List<String> remotes,
        List<String> warnings,
        Path home,
        String registryAuth) {

    /** jollama's home, ~/.jollama unless JOLLAMA_HOME says otherwise: the registry signing key (id_ed25519) lives there. */
    public static Path defaultHome() {
        return Path.of(System.getProperty("user.home"), ".jollama");
    }

    /** jollama keeps its own store by default; point OLLAMA_MODELS at ~/.ollama/models to serve Ollama's. */
    public static Path defaultModels() {
        return Path.of(System.getProperty("user.home"), ".jollama", "models");
    }

    public static ServerConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static ServerConfig from(Map<String, String> env) {
        Reader r = new Reader(env);
        String models = r.get("OLLAMA_MODELS");
        return new ServerConfig(
                OllamaHost.parse(r.get("OLLAMA_HOST")),
                models.isEmpty() ? defaultModels() : Path.of(expandHome(models)),
                r.list("OLLAMA_ORIGINS"),
                r.duration("OLLAMA_KEEP_ALIVE", 5L * 60 * 1_000_000_000L, true),
                r.bool("OLLAMA_NOPRUNE", false),
                r.debugLevel(),
                r.uint("OLLAMA_CONTEXT_LENGTH", 0),
                r.uint("OLLAMA_NUM_PARALLEL", 1),
                r.uint("OLLAMA_MAX_LOADED_MODELS", 0),
                r.uint("OLLAMA_MAX_QUEUE", 512),
                r.get("OLLAMA_FLASH_ATTENTION").isEmpty() ? null : r.bool("OLLAMA_FLASH_ATTENTION", false),
                r.get("OLLAMA_KV_CACHE_TYPE"),
                r.duration("OLLAMA_LOAD_TIMEOUT", 5L * 60 * 1_000_000_000L, false),
                r.bool("OLLAMA_GO_TEMPLATE", true),
                r.bool("OLLAMA_NO_CLOUD", false),
                r.bool("OLLAMA_NOHISTORY", false),
                r.bool("OLLAMA_DEBUG_LOG_REQUESTS", false),
                r.get("OLLAMA_REMOTES").isEmpty() ? List.of("ollama.com") : List.of(r.get("OLLAMA_REMOTES").split(",")),
                List.copyOf(r.warnings),
                r.get("JOLLAMA_HOME").isEmpty() ? defaultHome() : Path.of(expandHome(r.get("JOLLAMA_HOME"))),
                env.getOrDefault("JOLLAMA_REGISTRY_AUTH", ""));
    }

    /** A copy listening elsewhere (tests: port 0 picks a free one). */
    public ServerConfig withHost(OllamaHost newHost) {
        return new ServerConfig(newHost, models, extraOrigins, keepAliveNanos, noPrune, debugLevel, contextLength, numParallel,
                maxLoadedModels, maxQueue, flashAttention, kvCacheType, loadTimeoutNanos, goTemplate, noCloud, noHistory,
                debugLogRequests, remotes, warnings, home, registryAuth);
    }

    private static String expandHome(String p) {
        if (p.equals("~")) return System.getProperty("user.home");
        if (p.startsWith("~/")) return System.getProperty("user.home") + p.substring(1);
        return p;
    }

    /** Reads variables the way Ollama's envconfig.Var does, collecting warnings. */
    private static final class Reader {
        private final Map<String, String> env;
        final List<String> warnings = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String get(String key) {
            String v = env.get(key);
            if (v == null) return "";
            v = v.strip();
            int start = 0, end = v.length();
            while (start < end && (v.charAt(start) == '"' || v.charAt(start) == '\'')) start++;
            while (end > start && (v.charAt(end - 1) == '"' || v.charAt(end - 1) == '\'')) end--;
            return v.substring(start, end);
        }

        List<String> list(String key) {
            String v = get(key);
            if (v.isEmpty()) return List.of();
            List<String> out = new ArrayList<>();
            for (String part : v.split(",")) {
                if (!part.isBlank()) out.add(part.strip());
            }
            return List.copyOf(out);
        }

        /** Go's strconv.ParseBool; anything unparsable counts as true, as in Ollama. */
        boolean bool(String key, boolean fallback) {
            String v = get(key);
            if (v.isEmpty()) return fallback;
            return switch (v) {
                case "0", "f", "F", "false", "FALSE", "False" -> false;
                default -> true;
            };
        }

        int uint(String key, int fallback) {
            String v = get(key);
            if (v.isEmpty()) return fallback;
            try {
                long n = Long.parseLong(v);
                if (n < 0) throw new NumberFormatException();
                return (int) Math.min(n, Integer.MAX_VALUE);
            } catch (NumberFormatException e) {
                warnings.add("invalid environment variable, using default: " + key + "=" + v + " (default " + fallback + ")");
                return fallback;
            }
        }

        /** A Go duration or a bare number of seconds; negative is forever (or, when not allowed, infinite too). */
        long duration(String key, long fallback, boolean zeroAllowed) {
            String v = get(key);
            long nanos = fallback;
            if (!v.isEmpty()) {
                try {
                    nanos = GoDuration.parse(v);
                } catch (IllegalArgumentException e) {
                    try {
                        nanos = Math.multiplyExact(Long.parseLong(v), 1_000_000_000L);
                    } catch (NumberFormatException | ArithmeticException e2) {
                        warnings.add("invalid duration, using default: " + key + "=" + v);
                    }
                }
            }
            if (nanos < 0 || (!zeroAllowed && nanos == 0)) return Long.MAX_VALUE;
            return nanos;
        }

        /** OLLAMA_DEBUG: 0/false = info, 1/true = debug, 2 = trace. */
        int debugLevel() {
            String v = get("OLLAMA_DEBUG");
            if (v.isEmpty()) return 0;
            switch (v) {
                case "1", "t", "T", "true", "TRUE", "True":
                    return 1;
                case "0", "f", "F", "false", "FALSE", "False":
                    return 0;
                default:
                    try {
                        return (int) Math.max(0, Math.min(2, Long.parseLong(v)));
                    } catch (NumberFormatException e) {
                        return 0;
                    }
            }
        }
    }
}
