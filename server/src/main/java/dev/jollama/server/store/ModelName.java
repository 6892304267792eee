package dev.jollama.server.store;

import java.util.Locale;

/**
 * A model name in Ollama's grammar {@code [scheme://][host/][namespace/]model[:tag]}, with the defaults
 * registry.ollama.ai / library / latest / https filled in. Every part is checked character by character
 * (first character {@code [A-Za-z0-9_]}, then letters, digits, '_', '-', '.' (not in a namespace) and ':'
 * (host only)), so a valid name can never name a path outside the manifests directory.
 */
public record ModelName(String scheme, String host, String namespace, String model, String tag) {
    public static final String DEFAULT_HOST = "registry.ollama.ai";
    public static final String DEFAULT_NAMESPACE = "library";
    public static final String DEFAULT_TAG = "latest";
    public static final String DEFAULT_SCHEME = "https";
    /** What Ollama puts in a part promised by a separator but left empty ("a/:b"), which is then invalid. */
    static final String MISSING = "!MISSING!";

    /** Parses with defaults; check {@link #isValid()} before using the result. */
    public static ModelName parse(String s) {
        if (s == null) s = "";
        String tag = "";
        if (s.lastIndexOf(':') > s.lastIndexOf('/')) {
            String[] cut = cutPromised(s, ':');
            s = cut[0];
            tag = cut[1];
        }
        String model, namespace = "", host = "", scheme = "";
        String[] cut = cutPromised(s, '/');
        if (cut == null) {
            model = s;
        } else {
            model = cut[1];
            String[] cut2 = cutPromised(cut[0], '/');
            if (cut2 == null) {
                namespace = cut[0];
            } else {
                namespace = cut2[1];
                String rest = cut2[0];
                int sep = rest.indexOf("://");
                if (sep >= 0) {
                    scheme = rest.substring(0, sep);
                    host = rest.substring(sep + 3);
                } else {
                    host = rest;
                }
            }
        }
        return new ModelName(
                scheme.isEmpty() ? DEFAULT_SCHEME : scheme,
                host.isEmpty() ? DEFAULT_HOST : host,
                namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace,
                model,
                tag.isEmpty() ? DEFAULT_TAG : tag);
    }

    /** Splits at the last separator; both sides become MISSING when empty. Null when there is no separator. */
    private static String[] cutPromised(String s, char sep) {
        int i = s.lastIndexOf(sep);
        if (i < 0) return null;
        String before = s.substring(0, i), after = s.substring(i + 1);
        return new String[]{before.isEmpty() ? MISSING : before, after.isEmpty() ? MISSING : after};
    }

    /** A name from the four path segments under manifests/, or null when they do not form a valid name. */
    public static ModelName fromPathParts(String host, String namespace, String model, String tag) {
        ModelName n = new ModelName(DEFAULT_SCHEME, host, namespace, model, tag);
        return n.isValid() ? n : null;
    }

    public boolean isValid() {
        return validPart(Kind.HOST, host) && validPart(Kind.NAMESPACE, namespace) && validPart(Kind.MODEL, model) && validPart(Kind.TAG, tag);
    }

    private enum Kind { HOST, NAMESPACE, MODEL, TAG }

    private static boolean validPart(Kind kind, String s) {
        int max = kind == Kind.HOST ? 350 : 80;
        if (s == null || s.isEmpty() || s.length() > max) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
            if (i == 0) {
                if (!alnum) return false;
                continue;
            }
            if (alnum || c == '-') continue;
            if (c == '.' && kind != Kind.NAMESPACE) continue;
            if (c == ':' && kind == Kind.HOST) continue;
            return false;
        }
        return true;
    }

    /** "registry.ollama.ai/library/llama3.2:latest". */
    @Override
    public String toString() {
        return host + "/" + namespace + "/" + model + ":" + tag;
    }

    /** Ollama's DisplayShortest: default host and namespace dropped, tag always shown ("llama3.2:latest"). */
    public String displayShortest() {
        StringBuilder sb = new StringBuilder();
        if (!host.equalsIgnoreCase(DEFAULT_HOST)) {
            sb.append(host).append('/').append(namespace).append('/');
        } else if (!namespace.equalsIgnoreCase(DEFAULT_NAMESPACE)) {
            sb.append(namespace).append('/');
        }
        return sb.append(model).append(':').append(tag).toString();
    }

    /** "namespace/model", the repository path on a registry. */
    public String namespaceModel() {
        return namespace + "/" + model;
    }

    public boolean equalsIgnoreCase(ModelName o) {
        return host.equalsIgnoreCase(o.host) && namespace.equalsIgnoreCase(o.namespace) && model.equalsIgnoreCase(o.model) && tag.equalsIgnoreCase(o.tag);
    }

    /** A key equal for names that differ only in case. */
    public String caseFoldedKey() {
        return toString().toLowerCase(Locale.ROOT);
    }

    public ModelName withParts(String host, String namespace, String model, String tag) {
        return new ModelName(scheme, host, namespace, model, tag);
    }
}
